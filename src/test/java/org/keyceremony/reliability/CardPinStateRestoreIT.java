package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.testing.FaultInjector;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;

/**
 * Reading shares (a restore) reads each card's PIN counters before its PIN is asked, as writing
 * them does: a locked card is refused without a login try and the next custodian is asked; a
 * card reporting few tries left is announced, and its PIN question carries that state (the
 * wizard shows it above the PIN field). SoftHSM2 has no PIN lockout, so the flags are injected.
 */
@ExtendWith(SoftHsmExtension.class)
class CardPinStateRestoreIT {

    @Test
    void aLockedCardIsRefusedWithoutATryAndALowCountIsShownWithThePinQuestion(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        assertThat(t.run(UnaryOperator.identity(), t.answers(Map.of(), Map.of(), "abort")).outcome())
                .isEqualTo(CeremonyResult.Outcome.COMPLETED);
        String locked = t.cards.get(1).label();
        String low = t.cards.get(2).label();
        FaultInjector faults = new FaultInjector().reportFlags(locked, CKF_USER_PIN_LOCKED)
                .reportFlags(low, CKF_USER_PIN_COUNT_LOW);
        RecordingPrompter p = t.restoreAnswers(List.of(locked, low, t.cards.get(0).label(), t.cards.get(4).label()));
        Path out = dir.resolve("restore");

        CeremonyResult r = new Engine(RootCeremonyActions.registry(t.environment().withPkcs11Layer(faults)), p,
                Clock.systemUTC()).run(restoreScript(dir), out, true);

        assertThat(r.outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(p.pinsAskedFor).doesNotContain(locked).contains(low);
        assertThat(p.pinStates).contains(low + "=COUNT_LOW", t.cards.get(0).label() + "=OK");
        assertThat(p.notices).anyMatch(n -> n.contains(low) && n.contains("few PIN tries remain"));
        EventLogVerifier.Result log = EventLogVerifier.verify(out.resolve("events.jsonl"));
        assertThat(log.valid()).isTrue();
        Event read = log.events().stream().filter(e -> e.type().equals("step-end") && e.step().equals("3.1"))
                .findFirst().orElseThrow();
        assertThat(read.data().toString()).contains("refused: The PIN of").contains(locked)
                .contains("is locked: no try was made").contains("validShares=3");
    }

    private static CeremonyScript restoreScript(Path dir) throws Exception {
        String s = Files.readString(Path.of("ceremony-scripts/backup-restore.yaml"), StandardCharsets.UTF_8)
                .replace("algorithm: RSA\n    size: 4096", "algorithm: EC\n    curve: P-384")
                .replace("digest: SHA-256", "digest: SHA-384");
        Path p = dir.resolve("backup-restore-ec.yaml");
        Files.writeString(p, s, StandardCharsets.UTF_8);
        CeremonyScript parsed = CeremonyScripts.parse(p);
        assertThat(parsed.policy().key().orElseThrow().curve()).isEqualTo("P-384");
        return parsed;
    }
}
