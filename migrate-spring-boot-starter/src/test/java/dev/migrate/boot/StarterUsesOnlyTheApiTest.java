package dev.migrate.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter is a user of the core like any other: it sees the API, never the engine. */
class StarterUsesOnlyTheApiTest {

    @Test
    void theStarterUsesNoEngineType() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.migrate.internal..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.migrate.boot"));
    }
}
