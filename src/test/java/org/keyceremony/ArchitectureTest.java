package org.keyceremony;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package lines of DESIGN.md ("Architecture"), held as tests. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.keyceremony");
    }

    @Test
    void javafxOnlyInUi() {
        noClasses().that().resideOutsideOfPackage("org.keyceremony.ui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("the domain never knows the view (DESIGN.md)")
                .check(classes);
    }

    @Test
    void standardStreamsOnlyInCli() {
        noClasses().that().resideOutsideOfPackage("org.keyceremony.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .because("only the command line prints; everything else logs through SLF4J")
                .check(classes);
    }

    @Test
    void loggingOnlyThroughSlf4j() {
        NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.keyceremony.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void uiAndCliNeverImportEachOther() {
        noClasses().that().resideInAPackage("org.keyceremony.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.keyceremony.cli..").check(classes);
        noClasses().that().resideInAPackage("org.keyceremony.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.keyceremony.ui..").check(classes);
    }

    @Test
    void baseDependsOnNothingOfOurs() {
        onlyDependsOn("base");
    }

    @Test
    void secretDependsOnlyOnBase() {
        onlyDependsOn("secret", "base");
    }

    /** The journal (event log, JSON, durable files) is below the transcript and the engine, and knows neither. */
    @Test
    void journalDependsOnlyOnBase() {
        onlyDependsOn("journal", "base");
    }

    @Test
    void hsmDependsOnlyOnSecretAndBase() {
        onlyDependsOn("hsm", "secret", "base");
    }

    @Test
    void sharingDependsOnlyOnSecretAndBase() {
        onlyDependsOn("sharing", "secret", "base");
    }

    @Test
    void cardsDependOnHsmSharingSecretBase() {
        onlyDependsOn("cards", "hsm", "sharing", "secret", "base");
    }

    @Test
    void scriptDependsOnlyOnSecretAndBase() {
        onlyDependsOn("script", "secret", "base");
    }

    @Test
    void transcriptDependsOnlyOnTheJournalSecretAndBase() {
        onlyDependsOn("transcript", "journal", "secret", "base");
    }

    @Test
    void ceremonyNeverDependsOnAFrontEnd() {
        onlyDependsOn("ceremony", "journal", "base", "hsm", "sharing", "cards", "script", "transcript", "secret");
    }

    /** The HSM selection screen lists tokens and their flags, as {@code ceremony hsm list} does: hsm is allowed. */
    @Test
    void uiUsesTheDomainThroughCeremony() {
        onlyDependsOn("ui", "journal", "base", "ceremony", "transcript", "script", "hsm", "secret");
    }

    @Test
    void cliUsesTheDomainThroughCeremony() {
        onlyDependsOn("cli", "journal", "base", "ceremony", "transcript", "script", "hsm", "secret");
    }

    /** Classes of {@code pkg} may use our packages {@code allowed} (and the JDK and libraries), nothing else of ours. */
    private static void onlyDependsOn(String pkg, String... allowed) {
        String[] ours = new String[allowed.length + 1];
        ours[0] = "org.keyceremony." + pkg + "..";
        for (int i = 0; i < allowed.length; i++) {
            ours[i + 1] = "org.keyceremony." + allowed[i] + "..";
        }
        ArchRule rule = noClasses().that().resideInAPackage("org.keyceremony." + pkg + "..")
                .should().dependOnClassesThat(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("org.keyceremony..")
                                .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(ours))))
                .allowEmptyShould(true);
        rule.check(classes);
    }
}
