package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.CustodianTurn;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.script.Act;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Metadata;
import org.keyceremony.script.Policy;
import org.keyceremony.script.Role;
import org.keyceremony.script.SharingPolicy;
import org.keyceremony.script.Step;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.BackupFacts;

/** The per-custodian share table follows the engine's events and custodian turns, as the wizard feeds them. */
class ShareProgressTest {
    private final Step writeOne = WizardScripts.step("3.4", Role.CUSTODIAN, Role.WITNESS, new Action.WriteShare(1));
    private final Step writeRest = WizardScripts.step("3.5", Role.CUSTODIAN, Role.WITNESS, new Action.WriteShare(null));
    private final CeremonyScript script = new CeremonyScript(
            new Metadata("shares", "1.0", CeremonyKind.ROOT_KEY_GENERATION, "testing", ""),
            new Policy(Optional.empty(), Optional.of(new SharingPolicy(2, 3)), Optional.empty(), false, 0),
            Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1, Role.CUSTODIAN, 3),
            List.of(new Act(3, "Shares", List.of(writeOne, writeRest))), "#\n", WizardScripts.sha256("#\n"));
    private final ShareProgress progress = new ShareProgress(script);

    private static Event event(EventType type, String step, Map<String, Object> data) {
        return new Event(1, Instant.EPOCH, type.wire(), step, "custodian", data, Event.GENESIS, Event.GENESIS);
    }

    private static BackupFacts.ShareWritten share(int k, String name) {
        return new BackupFacts.ShareWritten(name, k, "card-" + k, "serial" + k, String.valueOf(k), "ab".repeat(32), true);
    }

    /** The facts of a write-share step, as the engine writes them. */
    private static Map<String, Object> written(int k, String name) {
        return ActionFacts.write(share(k, name));
    }

    private static Map<String, Object> writtenAll(BackupFacts.ShareWritten... shares) {
        return ActionFacts.write(new BackupFacts.SharesWritten(List.of(shares), shares.length));
    }

    /** The facts of a verify-quorum step that read every share from its card. */
    private static Map<String, Object> quorumVerified(int... custodians) {
        List<BackupFacts.ShareRead> read = new ArrayList<>();
        for (int k : custodians) {
            read.add(new BackupFacts.ShareRead(k, "card-" + k, "serial" + k, "ab".repeat(32)));
        }
        return ActionFacts.write(new BackupFacts.VerifyQuorum(2, Optional.of(read), 3, List.of("1+2", "1+3", "2+3"),
                true));
    }

    @Test
    void aRowPerShareNamedAfterTheCustodiansInTheOrderRecorded() {
        assertThat(progress.applies()).isTrue();
        progress.participants(new CeremonySetup(List.of(new Participant("Ada", Role.ADMINISTRATOR, "AA"),
                new Participant("Cleo", Role.CUSTODIAN, "CC"), new Participant("Dan", Role.CUSTODIAN, "DD")), "x", "UTC"));
        assertThat(progress.rows()).extracting(r -> r.custodian() + " " + r.nameProperty().get() + " "
                + r.statusProperty().get()).containsExactly("1 Cleo waiting", "2 Dan waiting", "3  waiting");
    }

    @Test
    void followsAStepFromItsBeginningThroughTheCardPromptToTheReadBackShare() {
        progress.participants(WizardScripts.people());
        progress.event(event(EventType.STEP_BEGIN, "3.4", Map.of()), writeOne);
        assertThat(progress.rows().get(0).statusProperty().get()).isEqualTo("in this step");
        assertThat(progress.rows().get(1).statusProperty().get()).isEqualTo("waiting");
        progress.turn(new CustodianTurn(1, "card-1", CustodianTurn.Phase.WRITE_SHARE));
        assertThat(progress.rows().get(0).statusProperty().get()).isEqualTo("insert card, type PIN");
        progress.event(event(EventType.STEP_END, "3.4", Map.of("outcome", "ok", "facts", written(1, "Cora One"))), writeOne);
        assertThat(progress.rows().get(0).statusProperty().get()).isEqualTo("share #1 written and read back \u2713");
        assertThat(progress.rows().get(0).cardProperty().get()).isEqualTo("card-1 (serial1)");
        assertThat(progress.rows().get(0).commitmentProperty().get()).isEqualTo("abababababababab\u2026");
        assertThat(progress.writtenCount()).isEqualTo(1);
    }

    @Test
    void eachShareIsMarkedWrittenAsSoonAsItIsVerifiedNotWhenTheStepEnds() {
        progress.participants(WizardScripts.people());
        progress.event(event(EventType.STEP_BEGIN, "3.5", Map.of()), writeRest);
        progress.turn(new CustodianTurn(1, "", CustodianTurn.Phase.WRITE_SHARE));
        progress.verifiedNow(new org.keyceremony.ceremony.ShareVerified(1, "Cora One", "card-1", "serial1",
                "cd".repeat(32)));
        progress.turn(new CustodianTurn(2, "", CustodianTurn.Phase.WRITE_SHARE));
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get())
                .containsExactly("share #1 written and read back \u2713", "insert card, type PIN", "in this step");
        assertThat(progress.rows().get(0).commitmentProperty().get()).isEqualTo("cdcdcdcdcdcdcdcd\u2026");
        assertThat(progress.rows().get(0).cardProperty().get()).as("as the step's end writes it").isEqualTo("card-1 (serial1)");
        assertThat(progress.writtenCount()).isEqualTo(1);
    }

    @Test
    void aStepForEveryoneLeftMarksOnlyTheUnwrittenAndAFailureOnlyTheCustodianWhoseTurnItWas() {
        progress.participants(WizardScripts.people());
        progress.event(event(EventType.STEP_END, "3.4", Map.of("facts", written(1, "Cora One"))), writeOne);
        progress.event(event(EventType.STEP_BEGIN, "3.5", Map.of()), writeRest);
        progress.turn(new CustodianTurn(2, "", CustodianTurn.Phase.WRITE_SHARE));
        progress.event(event(EventType.STEP_FAILED, "3.5", Map.of("error", "card pulled")), writeRest);
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get())
                .containsExactly("share #1 written and read back \u2713", "failed \u2014 see the step", "in this step");
        progress.event(event(EventType.STEP_END, "3.5", Map.of("facts", writtenAll(share(2, "Cal Two"),
                share(3, "Third")))), writeRest);
        assertThat(progress.writtenCount()).isEqualTo(3);
        assertThat(progress.rows().get(2).nameProperty().get()).isEqualTo("Third");
    }

    @Test
    void theQuorumCheckAsksForEachCardAgainAndSaysVerifiedOnlyForSharesReadFromTheCards() {
        Step quorum = WizardScripts.step("3.6", Role.ADMINISTRATOR, Role.WITNESS, new Action.VerifyQuorum());
        progress.participants(WizardScripts.people());
        progress.event(event(EventType.STEP_END, "3.5", Map.of("facts", writtenAll(share(1, "Cora One"),
                share(2, "Cal Two"), share(3, "Third")))), writeRest);
        progress.event(event(EventType.STEP_BEGIN, "3.6", Map.of()), quorum);
        progress.turn(new CustodianTurn(2, "card-2", CustodianTurn.Phase.READ_FOR_QUORUM));
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get()).containsExactly(
                "share #1 written and read back \u2713", "insert card again, type PIN", "share #3 written and read back \u2713");
        progress.event(event(EventType.STEP_END, "3.6", Map.of("facts", quorumVerified(1, 2, 3))), quorum);
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get()).containsExactly(
                "share #1 read from the card, quorum verified \u2713", "share #2 read from the card, quorum verified \u2713",
                "share #3 read from the card, quorum verified \u2713");
    }

    @Test
    void aFailedQuorumCheckMarksEveryWrittenShareNotVerified() {
        Step quorum = WizardScripts.step("3.6", Role.ADMINISTRATOR, Role.WITNESS, new Action.VerifyQuorum());
        progress.participants(WizardScripts.people());
        progress.event(event(EventType.STEP_END, "3.4", Map.of("facts", written(1, "Cora One"))), writeOne);
        progress.event(event(EventType.STEP_BEGIN, "3.6", Map.of()), quorum);
        progress.event(event(EventType.STEP_FAILED, "3.6", Map.of("error", "card-1 holds share #2")), quorum);
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get())
                .containsExactly("written, NOT verified \u2014 see the step", "waiting", "waiting");
    }

    @Test
    void aTurnToReadAgainForTheQuorumLeavesAnUnwrittenShareAloneAndATurnToWriteAWrittenOne() {
        progress.participants(WizardScripts.people());
        progress.event(event(EventType.STEP_END, "3.4", Map.of("facts", written(1, "Cora One"))), writeOne);
        progress.turn(new CustodianTurn(1, "card-1", CustodianTurn.Phase.WRITE_SHARE));
        progress.turn(new CustodianTurn(2, "card-2", CustodianTurn.Phase.READ_FOR_QUORUM));
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get())
                .containsExactly("share #1 written and read back \u2713", "waiting", "waiting");
    }

    @Test
    void factsThatAreNotTheRecordOfTheActionChangeNothing() {
        progress.participants(WizardScripts.people());
        Map<String, Object> misspelt = new java.util.LinkedHashMap<>(written(1, "Cora One"));
        misspelt.put("comitment", misspelt.remove("commitment"));
        progress.event(event(EventType.STEP_END, "3.4", Map.of("facts", misspelt)), writeOne);
        assertThat(progress.writtenCount()).isZero();
        assertThat(progress.rows().get(0).statusProperty().get()).isEqualTo("waiting");
    }

    @Test
    void eventsOfOtherStepsChangeNothing() {
        progress.participants(WizardScripts.people());
        progress.event(event(EventType.STEP_BEGIN, "1.1", Map.of()),
                WizardScripts.step("1.1", Role.ADMINISTRATOR, Role.WITNESS, new Action.RecordParticipants()));
        progress.event(event(EventType.STEP_END, "x", Map.of()), null);
        progress.event(new Event(1, Instant.EPOCH, "from-a-later-version", "3.4", "engine", Map.of(), Event.GENESIS,
                Event.GENESIS), writeOne);
        assertThat(progress.rows()).allMatch(r -> r.statusProperty().get().equals("waiting"));
    }

    @Test
    void aScriptWithoutShareWritesHasNoTable() {
        ShareProgress none = new ShareProgress(WizardScripts.manualOnly());
        none.participants(WizardScripts.people());
        assertThat(none.applies()).isFalse();
        assertThat(none.rows()).isEmpty();
    }
}
