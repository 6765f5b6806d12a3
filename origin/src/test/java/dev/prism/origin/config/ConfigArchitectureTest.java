package dev.prism.origin.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

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
   * Prism's main classes, from every module (class folders or jars); test classes and test-jars are
   * left out. Calls are not resolved into library classes: the rule needs only the call targets'
   * names, and this keeps the import to a few seconds.
   */
  private static JavaClasses prismClasses() {
    ArchConfiguration archConfiguration = ArchConfiguration.get();
    boolean resolve = archConfiguration.resolveMissingDependenciesFromClassPath();
    archConfiguration.setResolveMissingDependenciesFromClassPath(false);
    try {
      return new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.prism");
    } finally {
      archConfiguration.setResolveMissingDependenciesFromClassPath(resolve);
    }
  }

  @Test
  void systemGetenv_onlyInTheConfigPackage() {
    JavaClasses prism = prismClasses();
    assertThat(prism.contain("dev.prism.store.BlobStore")).as("other modules are checked").isTrue();
    assertThat(prism.contain(ConfigLoaderTest.class)).as("tests are not").isFalse();
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.prism.origin.config..")
        .should()
        .callMethod(System.class, "getenv")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .because("PRISM_* variables are read once, by ConfigLoader, under the a.bC.d rule")
        .check(prism);
  }
}
