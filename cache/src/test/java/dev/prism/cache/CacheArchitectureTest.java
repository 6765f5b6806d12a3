package dev.prism.cache;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** docs/ARCHITECTURE.md, "Modules": the caches know nothing of Vert.x, the store or the origin. */
@AnalyzeClasses(packages = "dev.prism.cache", importOptions = ImportOption.DoNotIncludeTests.class)
class CacheArchitectureTest {
  @ArchTest
  static final ArchRule cacheIsFreeOfServersAndSiblings =
      noClasses()
          .that()
          .resideInAPackage("dev.prism.cache..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vertx..",
              "io.netty..",
              "software.amazon..",
              "dev.prism.store..",
              "dev.prism.packager..",
              "dev.prism.entitlement..",
              "dev.prism.transcoder..",
              "dev.prism.origin..");
}
