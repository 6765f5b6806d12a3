package dev.prism.origin.player;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The player page and its development token are for {@code prism demo} only (docs/ARCHITECTURE.md,
 * URLs): nothing but the demo command ({@code cli.Demo*}, or a {@code dev.prism.origin.demo}
 * package) may mount them, so {@code prism serve} never serves a token that lets anyone mint
 * cookies.
 */
class PlayerRoutesArchitectureTest {

  @Test
  void playerRoutes_usedOnlyByTheDemoCommand() {
    JavaClasses origin =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.prism.origin");
    assertThat(origin.contain(PlayerRoutes.class)).isTrue();

    noClasses()
        .that()
        .resideOutsideOfPackages("dev.prism.origin.player..", "dev.prism.origin.demo..")
        .and()
        .haveNameNotMatching("dev\\.prism\\.origin\\.cli\\.Demo[A-Za-z]*(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(PlayerRoutes.class)
        .because("/player and /player/dev-token are mounted only by `prism demo`")
        .check(origin);
  }
}
