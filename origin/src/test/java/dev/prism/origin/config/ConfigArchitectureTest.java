package dev.prism.origin.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Configuration comes from one place: only {@code dev.prism.origin.config} reads the environment.
 */
class ConfigArchitectureTest {

  /**
   * Prism's own main classes (every module's class folder in a reactor build). Library jars are
   * skipped and calls are not resolved into library classes: the rule needs only call targets'
   * names, and this keeps the test to about a second.
   */
  private static JavaClasses prismClasses() {
    ArchConfiguration archConfiguration = ArchConfiguration.get();
    boolean resolve = archConfiguration.resolveMissingDependenciesFromClassPath();
    archConfiguration.setResolveMissingDependenciesFromClassPath(false);
    try {
      return new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.prism");
    } finally {
      archConfiguration.setResolveMissingDependenciesFromClassPath(resolve);
    }
  }

  @Test
  void systemGetenv_onlyInTheConfigPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.prism.origin.config..")
        .should()
        .callMethod(System.class, "getenv")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .because("PRISM_* variables are read once, by ConfigLoader, under the a.bC.d rule")
        .check(prismClasses());
  }
}
