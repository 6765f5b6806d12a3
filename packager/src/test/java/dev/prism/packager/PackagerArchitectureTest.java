package dev.prism.packager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** docs/ARCHITECTURE.md's module direction, at the import level: the packager is pure. */
class PackagerArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.prism.packager");

  @Test
  void packager_dependsOnNoServerCloudNativeOrSiblingModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.prism.packager..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "io.netty..",
            "software.amazon..",
            "org.bytedeco..",
            "com.github.benmanes..",
            "dev.prism.store..",
            "dev.prism.cache..",
            "dev.prism.entitlement..",
            "dev.prism.transcoder..",
            "dev.prism.origin..",
            "dev.prism.loadtest..")
        .check(MAIN);
  }

  @Test
  void mp4parser_isSeenOnlyByTheCmafPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.prism.packager.cmaf..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.mp4parser..")
        .check(MAIN);
  }

  @Test
  void packager_readsNoClockNoEnvironmentAndPrintsNothing() {
    noClasses()
        .that()
        .resideInAPackage("dev.prism.packager..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .check(MAIN);
  }
}
