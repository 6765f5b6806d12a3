package dev.prism.cache;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** docs/ARCHITECTURE.md, "Modules": no package of this module depends on itself in a circle. */
@AnalyzeClasses(packages = "dev.prism.cache", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("dev.prism.(**)").should().beFreeOfCycles();
}
