package org.keyceremony;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
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

    /**
     * The action flows (session, keys, backup, shares, restore, protection, transcript) depend on
     * one another in one direction only.
     */
    @Test
    void noCyclesBetweenActionFlows() {
        slices().matching("org.keyceremony.ceremony.actions.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * Package rules cannot see two files of one package that need each other; this one can: each
     * top-level class of the engine (with its nested classes) is its own slice.
     */
    @Test
    void noCyclesBetweenFilesOfTheEngine() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                if (!c.getPackageName().startsWith("org.keyceremony.ceremony")) {
                    return SliceIdentifier.ignore();
                }
                String name = c.getName();
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "top-level classes of org.keyceremony.ceremony..";
            }
        }).should().beFreeOfCycles().check(classes);
    }

    /**
     * The flows are below the entry points of ceremony.actions (registry, needs, preflight): only the
     * environment, and the module interface a kind of its own implements, are shared.
     */
    @Test
    void actionFlowsUseOnlyTheEnvironmentOfTheirEntryPackage() {
        noClasses().that().resideInAPackage("org.keyceremony.ceremony.actions.*..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.keyceremony.ceremony.actions")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("CeremonyEnvironment")))
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("ActionModule"))))
                .check(classes);
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

    /** The step-facts records and their codec, shared by the engine (writer) and the transcript (reader). */
    @Test
    void journalFactsDependOnlyOnBase() {
        onlyDependsOn("journal.facts", "base");
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

    /**
     * The key ledger reads verified transcripts (and the facts records and YAML reader below them); it
     * never reaches into the engine, which would let it trust what a transcript did not prove.
     */
    @Test
    void ledgerDependsOnlyOnTranscriptJournalScriptAndBase() {
        onlyDependsOn("ledger", "transcript", "journal", "script", "base");
    }

    @Test
    void ceremonyNeverDependsOnAFrontEnd() {
        onlyDependsOn("ceremony", "journal", "base", "hsm", "sharing", "cards", "script", "transcript", "secret");
    }

    /**
     * The HSM selection screen lists tokens and their flags, as {@code ceremony hsm list} does: hsm is allowed.
     * The "Keys and custodians" screen shows the key ledger, as {@code ceremony status} does: ledger is allowed.
     */
    @Test
    void uiUsesTheDomainThroughCeremony() {
        onlyDependsOn("ui", "journal", "base", "ceremony", "transcript", "script", "hsm", "secret", "ledger");
    }

    @Test
    void cliUsesTheDomainThroughCeremony() {
        onlyDependsOn("cli", "journal", "base", "ceremony", "transcript", "script", "hsm", "secret", "ledger");
    }

    /**
     * The front door (docs/architecture.md, "The front door"): the wizard and the command line reach
     * ceremonies through {@code Ceremonies} only, so they cannot drift apart (one builds its own
     * engine and forgets the transcript the other writes). Of the {@code ceremony} package and its
     * sub-packages they may use, by name:
     * <ul>
     * <li>the door, {@code Ceremonies}, and what it hands out: {@code CeremonyEnding} (with its
     *     {@code CeremonyResult}) and the dry run's {@code CeremonyPlan};</li>
     * <li>the {@code Prompter} interface a front end implements, and the values its questions
     *     carry: {@code CeremonySetup}, {@code Participant}, {@code Confirmation}, {@code Deviation},
     *     {@code FailureDecision}, {@code PinState}, {@code RecoveryPlan}, {@code RecoveryChoice},
     *     {@code RegisteredRollback}, and what it is told: {@code CustodianTurn}, {@code ShareVerified}; the stop it throws when
     *     the people stop the ceremony, {@code StoppedAtTheTable}; and
     *     {@code AnswersFilePrompter}, the rehearsal's prompter;</li>
     * <li>the setup the door is given: {@code actions.CeremonyEnvironment} (where the HSM, cards
     *     and media are) and {@code actions.EnvironmentNeeds} (what a script needs named first);</li>
     * <li>the rehearsal world a rehearsal runs in ({@code rehearsal.RehearsalWorld},
     *     {@code rehearsal.RehearsalSetup}, and what the other party brings to a rehearsed signing ceremony, {@code rehearsal.RehearsalRequests}), built before any ceremony starts; the ceremonies under a folder that stopped before their end
     *     ({@code InterruptedCeremonies}), for the people to choose the one to recover; and the build's
     *     {@code preflight.SoftwareIdentity} for {@code --version}.</li>
     * </ul>
     * Everything else there is the engine's inside: {@code Engine}, {@code ActionRegistry}, the
     * handlers ({@code RootCeremonyActions}, …), {@code StepContext}, {@code CeremonyContext},
     * {@code Recovery}, the locks. Tests are not held to this (they test the inside).
     */
    static final List<String> FRONT_DOOR = List.of(
            "Ceremonies", "CeremonyEnding", "CeremonyResult", "CeremonyPlan",
            "Prompter", "CeremonySetup", "Participant", "Confirmation", "Deviation", "FailureDecision", "PinState",
            "RecoveryPlan", "RecoveryChoice", "RegisteredRollback", "CustodianTurn", "ShareVerified", "AnswersFilePrompter",
            "StoppedAtTheTable", "InterruptedCeremonies",
            "actions.CeremonyEnvironment", "actions.EnvironmentNeeds",
            "rehearsal.RehearsalWorld", "rehearsal.RehearsalSetup", "rehearsal.RehearsalRequests", "preflight.SoftwareIdentity");

    /** The rule of {@link #FRONT_DOOR} for the classes of {@code frontEnd} ({@code ui} or {@code cli}). */
    static ArchRule onlyThroughTheFrontDoor(String frontEnd) {
        DescribedPredicate<JavaClass> inside = new DescribedPredicate<>("the engine's inside (not the front door: "
                + String.join(", ", FRONT_DOOR) + ")") {
            @Override
            public boolean test(JavaClass c) {
                String name = c.getName();
                if (!name.startsWith("org.keyceremony.ceremony.")) {
                    return false;
                }
                String local = name.substring("org.keyceremony.ceremony.".length());
                return FRONT_DOOR.stream().noneMatch(allowed -> local.equals(allowed) || local.startsWith(allowed + "$"));
            }
        };
        return noClasses().that().resideInAPackage("org.keyceremony." + frontEnd + "..")
                .should().dependOnClassesThat(inside)
                .because("the wizard and the command line reach ceremonies through Ceremonies only (docs/architecture.md)");
    }

    @Test
    void theWizardReachesCeremoniesThroughTheFrontDoor() {
        onlyThroughTheFrontDoor("ui").check(classes);
    }

    @Test
    void theCommandLineReachesCeremoniesThroughTheFrontDoor() {
        onlyThroughTheFrontDoor("cli").check(classes);
    }

    /** The rule bites: a (test-only) wizard class that builds its own engine breaks it. */
    @Test
    void aFrontEndThatBuildsItsOwnEngineBreaksTheFrontDoorRule() {
        JavaClasses backDoor = new ClassFileImporter().importClasses(org.keyceremony.ui.BackDoor.class);
        assertThat(onlyThroughTheFrontDoor("ui").evaluate(backDoor).getFailureReport().getDetails())
                .anySatisfy(d -> assertThat(d).contains("org.keyceremony.ceremony.Engine"))
                .anySatisfy(d -> assertThat(d).contains("org.keyceremony.ceremony.actions.RootCeremonyActions"))
                .noneSatisfy(d -> assertThat(d).contains("org.keyceremony.ceremony.CeremonyResult"));
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
