package dev.prism.entitlement.signing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcePatternTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    // CloudFront Developer Guide examples and
    "https://www.example.com/hello*world, https://www.example.com/helloworld, true",
    "https://www.example.com/hello*world, https://www.example.com/hello-world, true",
    "https://www.example.com/hello*world, https://www.example.net/hello-world, false",
    "https://media.example.com/v1/asset-a/*, https://media.example.com/v1/asset-a/master.m3u8, true",
    "https://media.example.com/v1/asset-a/*, https://media.example.com/v1/asset-a/720p/seg_1.ts?cmcd=x, true",
    "https://media.example.com/v1/asset-a/*, https://media.example.com/v1/asset-b/master.m3u8, false",
    "https://media.example.com/v1/asset-a/*, https://other.example.com/v1/asset-a/master.m3u8, false",
    "https://media.example.com/v1/asset-a/*, http://media.example.com/v1/asset-a/master.m3u8, false",
    "https://MEDIA.example.com/v1/a/*, https://media.EXAMPLE.com/v1/a/x, true",
    "https://media.example.com/v1/a/*, https://media.example.com/V1/a/x, false",
    // '?' is exactly one character
    "https://h/seg_?.m4s, https://h/seg_1.m4s, true",
    "https://h/seg_?.m4s, https://h/seg_12.m4s, false",
    // a wildcard in the path does not reach into the query, unless it is trailing
    "https://h/v1/*.m4s, https://h/v1/a/1.m4s, true",
    "https://h/v1/*.m4s, https://h/v1/a.mp4?x=.m4s, false",
    "https://h/hello*, https://h/hello?x=1, true",
    // exact resource: no query allowed; a literal query needs to match
    "https://h/a.jpg, https://h/a.jpg, true",
    "https://h/a.jpg, https://h/a.jpg?x=1, false",
    "https://h/a.jpg?size=large, https://h/a.jpg?size=large, true",
    "https://h/a.jpg\\?size=*, https://h/a.jpg?size=small, true",
    // domain wildcards stay in the domain; a trailing one covers path and query
    "https://*.example.com/a, https://cdn.example.com/a, true",
    "https://*.example.com/a, https://evil.com/x.example.com/a, false",
    "https://cdn.example.*, https://cdn.example.org/any/path?q, true",
    "*://h/a, https://h/a, true",
    "*.example.com/a, https://cdn.example.com/a, true",
    "*, https://anything/at/all?x, true",
  })
  void matches_cloudFrontWildcardRules(String pattern, String url, boolean expected) {
    assertThat(ResourcePattern.compile(pattern).matches(url)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource({
    "https://Cdn.example.com/v1/bbb/*, https://cdn.example.com/v1/bbb/",
    "*, ''",
    "https://cdn.example.com/v1/bbb/index.m3u8, NONE",
    "https://cdn.example.com/v1/*/x*, NONE",
    "https://cdn.example.*, NONE",
    "https://cdn.example.com*, NONE",
  })
  void grantedPrefix_onlyForLiteralThenTrailingStar(String pattern, String prefix) {
    assertThat(ResourcePattern.compile(pattern).grantedPrefix().orElse("NONE")).isEqualTo(prefix);
  }
}
