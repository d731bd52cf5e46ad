package dev.migrate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which code may use which: the API is {@code dev.migrate}, the engine is {@code
 * dev.migrate.internal.*}, and the arrows run one way (facade, then engine, then the API's value
 * types). {@code dev.migrate.report} renders the API's results for command lines (the starter's
 * exit mode, migrate-cli): it reads the value types only, and nothing in the core uses it.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.migrate");

    /** The classes that use the engine on a caller's behalf; everything else in the API is a value type. */
    private static final DescribedPredicate<JavaClass> FACADE = DescribedPredicate.describe(
            "the facade (Migrator, its Builder, MigrationSources)",
            c -> c.isEquivalentTo(Migrator.class)
                    || c.isEquivalentTo(Migrator.Builder.class)
                    || c.isEquivalentTo(MigrationSources.class));

    @Test
    void theEngineNeverUsesTheFacade() {
        noClasses()
                .that()
                .resideInAPackage("dev.migrate.internal..")
                .should()
                .dependOnClassesThat(FACADE)
                .check(MAIN);
    }

    @Test
    void theApisValueTypesUseNoEngineType() {
        noClasses()
                .that()
                .resideInAPackage("dev.migrate")
                .and(DescribedPredicate.not(FACADE))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.migrate.internal..")
                .check(MAIN);
    }

    @Test
    void theReportsReadTheApisValueTypesOnly() {
        noClasses()
                .that()
                .resideInAPackage("dev.migrate.report")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.migrate.internal..")
                .orShould()
                .dependOnClassesThat(FACADE)
                .check(MAIN);
    }

    @Test
    void nothingElseInTheCoreUsesTheReports() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.migrate.report")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.migrate.report")
                .check(MAIN);
    }

    @Test
    void theReportsAreTheseTypesAndNoOther() {
        Set<String> reports = new TreeSet<>();
        for (JavaClass type : MAIN) {
            if (type.getPackageName().equals("dev.migrate.report")
                    && type.getModifiers().contains(JavaModifier.PUBLIC)) {
                reports.add(type.getSimpleName());
            }
        }
        assertThat(reports)
                .containsExactlyInAnyOrder(
                        "StatusText",
                        "PlanText",
                        "RunText",
                        "ValidationText",
                        "RepairText",
                        "FailureText",
                        "CommandJson");
    }

    @Test
    void theEnginesPackagesFormNoCycle() {
        slices().matching("dev.migrate.internal.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void theApiIsTheseTypesAndNoOther() {
        Set<String> api = new TreeSet<>();
        for (JavaClass type : MAIN) {
            if (type.getPackageName().equals("dev.migrate")
                    && type.getModifiers().contains(JavaModifier.PUBLIC)
                    && type.isTopLevelClass()) {
                api.add(type.getSimpleName());
            }
        }
        // Adding a public type to dev.migrate is a decision about the API: make it here, on purpose.
        assertThat(api)
                .containsExactlyInAnyOrder(
                        "Migrator",
                        "MigrationSources",
                        // results
                        "MigrateResult",
                        "ExecutedMigration",
                        "StatusReport",
                        "MigrationInfo",
                        "ValidationReport",
                        "RepairResult",
                        "MigrationPlan",
                        "LockInfo",
                        "LockHolder",
                        "LockWait",
                        "DdlLockRetry",
                        // options and the enums the results use
                        "LockType",
                        "DdlLintMode",
                        "Direction",
                        "MigrationState",
                        "MigrateOperation",
                        // extension points
                        "MigrationSource",
                        "MigrationResource",
                        "MigrateCallback",
                        "LockedRun",
                        // exceptions
                        "MigrateException",
                        "MigrationConfigurationException",
                        "MigrationSourceException",
                        "MigrationParseException",
                        "MigrationPlanException",
                        "MigrationExecutionException",
                        "MigrationDatabaseException",
                        "LockException",
                        "MigrateCallbackException");
    }

    @Test
    void everyPublicTypeOutsideTheApiIsInTheEngine() {
        Set<String> elsewhere = new TreeSet<>();
        for (JavaClass type : MAIN) {
            String pkg = type.getPackageName();
            if (type.getModifiers().contains(JavaModifier.PUBLIC)
                    && !pkg.equals("dev.migrate")
                    && !pkg.equals("dev.migrate.report")
                    && !pkg.startsWith("dev.migrate.internal")) {
                elsewhere.add(type.getName());
            }
        }
        assertThat(elsewhere).isEmpty();
    }
}
