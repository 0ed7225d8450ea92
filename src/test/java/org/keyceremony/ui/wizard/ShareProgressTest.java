package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keyceremony.ceremony.CeremonySetup;
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

/** The per-custodian share table follows the engine's events and notices, as the wizard feeds them. */
class ShareProgressTest {
    private final Step writeOne = WizardScripts.step("3.4", Role.CUSTODIAN, Role.WITNESS, new Action.WriteShare(1));
    private final Step writeRest = WizardScripts.step("3.5", Role.CUSTODIAN, Role.WITNESS, new Action.WriteShare(null));
    private final CeremonyScript script = new CeremonyScript(
            new Metadata("shares", "1.0", CeremonyKind.ROOT_KEY_GENERATION, "testing", ""),
            new Policy(Optional.empty(), Optional.of(new SharingPolicy(2, 3)), Optional.empty(), false, 0),
            Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1, Role.CUSTODIAN, 3),
            List.of(new Act(3, "Shares", List.of(writeOne, writeRest))), "#\n", WizardScripts.sha256("#\n"));
    private final ShareProgress progress = new ShareProgress(script);

    private static Event event(String type, String step, Map<String, Object> data) {
        return new Event(1, Instant.EPOCH, type, step, "custodian", data, Event.GENESIS, Event.GENESIS);
    }

    private static Map<String, Object> written(int k, String name) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("custodian", name);
        f.put("custodianNumber", (long) k);
        f.put("cardLabel", "card-" + k);
        f.put("cardSerial", "serial" + k);
        f.put("shareNumber", String.valueOf(k));
        f.put("commitment", "ab".repeat(32));
        return f;
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
        progress.event(event("step-begin", "3.4", Map.of()), writeOne);
        assertThat(progress.rows().get(0).statusProperty().get()).isEqualTo("in this step");
        assertThat(progress.rows().get(1).statusProperty().get()).isEqualTo("waiting");
        progress.notice("Custodian 1 \u2014 Cora One: insert your card and type your PIN.");
        assertThat(progress.rows().get(0).statusProperty().get()).isEqualTo("insert card, type PIN");
        progress.event(event("step-end", "3.4", Map.of("outcome", "ok", "facts", written(1, "Cora One"))), writeOne);
        assertThat(progress.rows().get(0).statusProperty().get()).isEqualTo("share #1 written and read back \u2713");
        assertThat(progress.rows().get(0).cardProperty().get()).isEqualTo("card-1 (serial1)");
        assertThat(progress.rows().get(0).commitmentProperty().get()).isEqualTo("abababababababab\u2026");
        assertThat(progress.writtenCount()).isEqualTo(1);
    }

    @Test
    void aStepForEveryoneLeftMarksOnlyTheUnwrittenAndAFailureOnlyTheCustodianWhoseTurnItWas() {
        progress.participants(WizardScripts.people());
        progress.event(event("step-end", "3.4", Map.of("facts", written(1, "Cora One"))), writeOne);
        progress.event(event("step-begin", "3.5", Map.of()), writeRest);
        progress.notice("Custodian 2 \u2014 Cal Two: insert your card and type your PIN.");
        progress.event(event("step-failed", "3.5", Map.of("error", "card pulled")), writeRest);
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get())
                .containsExactly("share #1 written and read back \u2713", "failed \u2014 see the step", "in this step");
        progress.event(event("step-end", "3.5", Map.of("facts", Map.of("shares", List.of(written(2, "Cal Two"),
                written(3, "Third")), "written", 2L))), writeRest);
        assertThat(progress.writtenCount()).isEqualTo(3);
        assertThat(progress.rows().get(2).nameProperty().get()).isEqualTo("Third");
    }

    @Test
    void theQuorumCheckAsksForEachCardAgainAndSaysVerifiedOnlyForSharesReadFromTheCards() {
        Step quorum = WizardScripts.step("3.6", Role.ADMINISTRATOR, Role.WITNESS, new Action.VerifyQuorum());
        progress.participants(WizardScripts.people());
        progress.event(event("step-end", "3.5", Map.of("facts", Map.of("shares", List.of(written(1, "Cora One"),
                written(2, "Cal Two"), written(3, "Third")), "written", 3L))), writeRest);
        progress.event(event("step-begin", "3.6", Map.of()), quorum);
        progress.notice("Custodian 2 \u2014 Cal Two: insert your card (card-2) again and type your PIN; the quorum is "
                + "checked with the share as your card holds it now.");
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get()).containsExactly(
                "share #1 written and read back \u2713", "insert card again, type PIN", "share #3 written and read back \u2713");
        progress.event(event("step-end", "3.6", Map.of("facts", Map.of("readFromCards", List.of(
                Map.of("custodianNumber", 1L), Map.of("custodianNumber", 2L), Map.of("custodianNumber", 3L))))), quorum);
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get()).containsExactly(
                "share #1 read from the card, quorum verified \u2713", "share #2 read from the card, quorum verified \u2713",
                "share #3 read from the card, quorum verified \u2713");
    }

    @Test
    void aFailedQuorumCheckMarksEveryWrittenShareNotVerified() {
        Step quorum = WizardScripts.step("3.6", Role.ADMINISTRATOR, Role.WITNESS, new Action.VerifyQuorum());
        progress.participants(WizardScripts.people());
        progress.event(event("step-end", "3.4", Map.of("facts", written(1, "Cora One"))), writeOne);
        progress.event(event("step-begin", "3.6", Map.of()), quorum);
        progress.event(event("step-failed", "3.6", Map.of("error", "card-1 holds share #2")), quorum);
        assertThat(progress.rows()).extracting(r -> r.statusProperty().get())
                .containsExactly("written, NOT verified \u2014 see the step", "waiting", "waiting");
    }

    @Test
    void eventsOfOtherStepsAndOtherNoticesChangeNothing() {
        progress.participants(WizardScripts.people());
        progress.event(event("step-begin", "1.1", Map.of()),
                WizardScripts.step("1.1", Role.ADMINISTRATOR, Role.WITNESS, new Action.RecordParticipants()));
        progress.notice("Tokens present: 'hsm' (serial 1)");
        progress.event(event("step-end", "x", Map.of()), null);
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
