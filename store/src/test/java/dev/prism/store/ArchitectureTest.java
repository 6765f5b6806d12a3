package dev.prism.store;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.prism.packager.cmaf.TrackType;

/**
 * docs/ARCHITECTURE.md, "Modules": the store knows nothing of Vert.x or of the modules built on it.
 * Of the pure packager it uses only the URL grammar's id rule ({@code dev.prism.packager.naming},
 * see docs/ARCHITECTURE.md, "URLs"), never media logic.
 */
@AnalyzeClasses(packages = "dev.prism.store", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule storeIsBelowEverythingElse =
      noClasses()
          .that()
          .resideInAPackage("dev.prism.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vertx..",
              "dev.prism.origin..",
              "dev.prism.transcoder..",
              "dev.prism.entitlement..",
              "dev.prism.cache..")
          .because("docs/ARCHITECTURE.md: packager, store and cache know nothing of Vert.x");

  /**
   * The store sits on the pure packager only for the one {@link TrackType} of ladder.json and the
   * URL grammar's id rule (docs/ARCHITECTURE.md, "Modules"), never for media logic.
   */
  @ArchTest
  static final ArchRule storeUsesOnlyTrackTypeAndTheIdRuleOfThePackager =
      noClasses()
          .that()
          .resideInAPackage("dev.prism.store..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.prism.packager..")
                  .and(resideOutsideOfPackage("dev.prism.packager.naming"))
                  .and(not(equivalentTo(TrackType.class))))
          .because("the store reads documents; media logic stays in the packager");
}
