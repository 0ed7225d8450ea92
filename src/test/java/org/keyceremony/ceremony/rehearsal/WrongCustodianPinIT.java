package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyceremony.ceremony.rehearsal.RehearsalRefusalsIT.assertCardsClean;
import static org.keyceremony.ceremony.rehearsal.RehearsalRefusalsIT.assertHsmClean;
import static org.keyceremony.ceremony.rehearsal.RehearsalRefusalsIT.count;
import static org.keyceremony.ceremony.rehearsal.RehearsalRefusalsIT.files;
import static org.keyceremony.ceremony.rehearsal.RehearsalRefusalsIT.serialOf;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custodian who types a wrong PIN: the write-share step fails, the people retry, and the
 * shares already on their cards stay there, written once. If they abort instead, the
 * removal erases the dead share set's shares and every card is clean.
 */
class WrongCustodianPinIT {
    static final String PIN = EcRootRehearsalIT.PIN;

    @TempDir
    Path dir;

    @Test
    void aWrongCustodianPinThreeTimesMakesTheCeremonyWaitAndLosesNothing() throws Exception {
        Path answers = RehearsalScripts.answers(dir, "mistyped.answers.yaml",
                "  card-2: \"123456\"\n", "  card-2: [\"000000\", \"000000\", \"000000\", \"123456\"]\n",
                "  default: abort\n", "  default: abort\n  steps:\n    \"3.4\": [retry, retry, retry]\n");
        Path ws = dir.resolve("ws");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, RehearsalScripts.ecScript(dir), answers);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains(" completed.");
        String log = RehearsalRuns.events(ws);
        assertThat(count(log, "\"error\":\"Could not log in on token 'card-2' (serial " + serialOf(ws, "card-2")
                + "): the card's PIN was not accepted; few tries remain before the PIN locks. Ask the custodian who "
                + "holds 'card-2' to type it again, slowly.\"")).isEqualTo(3);
        assertThat(count(log, "\"type\":\"retry\"")).isEqualTo(3);
        // Card 1's share, written in the first attempt, was kept: one removal registered per card, one object each.
        assertThat(count(log, "\"kind\":\"erase-card-share\"")).isEqualTo(5);
        for (int i = 1; i <= 5; i++) {
            assertThat(RehearsalRuns.dataObjects(ws, RehearsalWorld.cardLabel(i))).as("card-" + i).isEqualTo(1);
        }
        assertThat(RehearsalRuns.transcript(RehearsalRuns.output(ws))).exists();
    }

    @Test
    void aWrongCustodianPinUntilTheAbortLeavesTheCardsClean() throws Exception {
        Path answers = RehearsalScripts.answers(dir, "abort.answers.yaml",
                "  card-2: \"123456\"\n", "  card-2: [\"000000\", \"000000\", \"000000\", \"123456\"]\n",
                "  default: abort\n", "  default: abort\n  steps:\n    \"3.4\": [retry, retry]\n");
        Path ws = dir.resolve("ws");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, RehearsalScripts.ecScript(dir), answers);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains(" aborted.").doesNotContain("NOT removed");
        String log = RehearsalRuns.events(ws);
        assertThat(count(log, "\"type\":\"step-failed\"")).isEqualTo(3);
        assertThat(log).contains("\"erased\":[\"keyceremony-share ");
        // card-2's PIN never worked, so nothing was registered for it: the abort records no removal for a card
        // that was never written (issue 16, case 11), only card-1's, erased
        assertThat(count(log, "\"kind\":\"erase-card-share\"")).isEqualTo(2); // registered once, removed once
        assertThat(log).doesNotContain("from card-2\"");
        assertCardsClean(ws);
        assertHsmClean(ws);
        assertThat(files(ws.resolve("media-1"))).isEmpty();
    }
}
