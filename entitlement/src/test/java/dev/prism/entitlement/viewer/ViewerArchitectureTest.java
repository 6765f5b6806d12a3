package dev.prism.entitlement.viewer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * docs/ARCHITECTURE.md, "Modules": the viewer package is neutral ground that the origin's gate and
 * the mint both use, so it depends on neither the mint nor the origin.
 */
@AnalyzeClasses(
    packages = "dev.prism.entitlement.viewer",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ViewerArchitectureTest {
  @ArchTest
  static final ArchRule viewerDependsOnNeitherTheMintNorTheOrigin =
      noClasses()
          .that()
          .resideInAPackage("dev.prism.entitlement.viewer..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.prism.entitlement.http..", "dev.prism.origin..");
}
