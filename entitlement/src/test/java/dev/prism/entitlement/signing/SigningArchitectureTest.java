package dev.prism.entitlement.signing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md: {@code entitlement.signing} knows nothing of Vert.x, HTTP or the wall
 * clock.
 */
class SigningArchitectureTest {
  private static final JavaClasses SIGNING =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.prism.entitlement.signing");

  @Test
  void signing_doesNotDependOnVertx() {
    noClasses()
        .that()
        .resideInAPackage("dev.prism.entitlement.signing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "io.netty..", "dev.prism.entitlement.http..")
        .check(SIGNING);
  }

  @Test
  void signing_neverReadsTheClock() {
    noClasses()
        .that()
        .resideInAPackage("dev.prism.entitlement.signing..")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .check(SIGNING);
  }
}
