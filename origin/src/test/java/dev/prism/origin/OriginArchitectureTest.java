package dev.prism.origin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** docs/ARCHITECTURE.md, "Modules": the origin's own packages keep their direction. */
@AnalyzeClasses(packages = "dev.prism.origin", importOptions = ImportOption.DoNotIncludeTests.class)
class OriginArchitectureTest {
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("dev.prism.(**)").should().beFreeOfCycles();

  /** The gate reads viewers through the neutral entitlement.viewer package, never the mint's. */
  @ArchTest
  static final ArchRule gateDoesNotDependOnTheMint =
      noClasses()
          .that()
          .resideInAPackage("dev.prism.origin.gate..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.prism.entitlement.http..");
}
