package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.ReturnCode;
import org.keyceremony.testing.FaultInjector;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.journal.Event;

/**
 * Faults SoftHSM2 cannot produce, injected in front of the real library while the real root
 * ceremony handlers run (EC P-384 variant of the shipped script): what the people are told,
 * what the log records, and what is left on the HSM and the cards afterwards.
 */
@ExtendWith(SoftHsmExtension.class)
class FaultInjectionIT {


    @Test
    void hsmPinOnItsFinalTryIsAnnouncedAndNotTriedWithoutConfirmation(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector().reportFlags(t.hsm.label(), CKF_USER_PIN_FINAL_TRY);
        RecordingPrompter p = t.answers(Map.of("2.1", "no"), Map.of(), "abort");

        CeremonyResult r = t.run(faults, p);

        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(p.notices).anyMatch(n -> n.startsWith("WARNING: '" + t.hsm.label() + "'") && n.contains("ONE PIN try left"));
        assertThat(p.asked).anyMatch(a -> a.startsWith("2.1: type YES to use the final PIN try"));
        assertThat(faults.calls("C_Login")).as("no PIN was tried").isZero();
        assertThat(p.pinsAskedFor).doesNotContain("hsm");
        assertThat(t.errorOf("2.1")).contains("final PIN try").contains("was not used").contains("Nothing was tried");
    }

    @Test
    void hsmPinOnItsFinalTryIsUsedAfterConfirmationAndTheCeremonyCompletes(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector().reportFlags(t.hsm.label(), CKF_USER_PIN_FINAL_TRY)
                .reportFlags(t.cards.get(1).label(), CKF_USER_PIN_COUNT_LOW);
        // The layer keeps reporting the final try (a real token clears it after a good PIN), so the
        // administrator's second login, after the security officer's in the wrap step 3.2, asks again.
        RecordingPrompter p = t.answers(Map.of("2.1", "YES", "3.2", "YES"), Map.of(), "abort");

        CeremonyResult r = t.run(faults, p);

        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(p.notices).anyMatch(n -> n.contains("ONE PIN try left"));
        assertThat(p.asked).anyMatch(a -> a.startsWith("3.2: type YES to use the final PIN try"));
        assertThat(p.notices).anyMatch(n -> n.startsWith("Caution: '" + t.cards.get(1).label() + "'")
                && n.contains("few PIN tries remain"));
        assertThat(t.events("step-failed")).isEmpty();
    }

    @Test
    void lockedHsmPinIsRefusedWithoutATryAndNothingIsCreated(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector().reportFlags(t.hsm.label(), CKF_USER_PIN_LOCKED);
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.ABORTED);

        assertThat(faults.calls("C_Login")).isZero();
        assertThat(t.errorOf("2.1")).contains("is locked: no try was made").contains("security officer");
        t.assertNothingLeft();
    }

    @Test
    void pinLockedByTheLoginItselfIsAClearFailure(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector().failNext("C_Login", ReturnCode.PIN_LOCKED);
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.ABORTED);

        // The HSM login: the administrator's PIN, said in words; the PKCS#11 code is not part of the sentence.
        assertThat(t.errorOf("2.1")).contains("the HSM's user PIN is locked").contains("no further tries")
                .doesNotContain("CKR_");
        t.assertNothingLeft();
    }

    @Test
    void lockedCardStopsTheWriteUntilReplacedAndTheShareIsWrittenOnRetry(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        String third = t.cards.get(2).label();
        FaultInjector faults = new FaultInjector().reportFlags(third, CKF_USER_PIN_LOCKED);
        RecordingPrompter p = t.answers(Map.of(), Map.of("3.4", "retry"), "abort");
        p.onFailure = () -> faults.clearFlags(third); // the security officer unlocks the card

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);

        assertThat(t.errorOf("3.4")).contains("'" + third + "'").contains("is locked: no try was made");
        for (int i = 1; i <= 5; i++) {
            assertThat(t.card(i).shares()).as("card %d", i).hasSize(1);
        }
    }

    @Test
    void lockedCardAndAbortEraseTheSharesAlreadyWritten(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector().reportFlags(t.cards.get(3).label(), CKF_USER_PIN_LOCKED);
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");

        CeremonyResult r = t.run(faults, p);

        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(r.rollbacksLeft()).isEmpty();
        t.assertNothingLeft();
        assertThat(t.events("rollback")).allMatch(e -> "done".equals(e.data().get("outcome")));
    }

    @Test
    void cardPulledBeforeTheShareIsCreatedIsWrittenAgainOnRetry(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector();
        RecordingPrompter p = t.answers(Map.of(), Map.of("3.4", "retry"), "abort")
                .atStep("3.4", () -> faults.fail("C_CreateObject", ReturnCode.DEVICE_REMOVED, 2, 1));

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);

        assertThat(t.errorOf("3.4")).contains("no longer present").contains("Re-insert")
                .contains("CKR_DEVICE_REMOVED");
        for (int i = 1; i <= 5; i++) {
            assertThat(t.card(i).shares()).as("card %d", i).hasSize(1);
        }
    }

    @Test
    void cardPulledAfterTheWriteBeforeTheReadBackDoesNotCountAndIsRewritten(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        // the third card's object is created; the card goes before the read-back confirms it
        FaultInjector faults = new FaultInjector();
        RecordingPrompter p = t.answers(Map.of(), Map.of("3.4", "retry"), "abort").atStep("3.4", () ->
                faults.failAfter("C_CreateObject", 2, "C_FindObjectsInit", ReturnCode.TOKEN_NOT_PRESENT));

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);

        assertThat(faults.fired()).containsExactly("C_FindObjectsInit:CKR_TOKEN_NOT_PRESENT (0xe0)");
        assertThat(p.notices).anyMatch(n -> n.contains("from an interrupted write; it does not count and was erased"));
        for (int i = 1; i <= 5; i++) {
            assertThat(t.card(i).shares()).as("card %d", i).hasSize(1);
        }
        Event quorum = t.events("step-end").stream().filter(e -> e.step().equals("3.5")).findFirst().orElseThrow();
        assertThat(quorum.data().get("facts").toString()).contains("allRebuildTheKwk=true");
    }

    @Test
    void hsmLostDuringKeyGenerationLeavesNoPartialKeyAndTheRollbackIsRecorded(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        // the pair is generated, then the HSM goes while the pair is being proven
        FaultInjector faults = new FaultInjector().failNext("C_SignInit", ReturnCode.DEVICE_REMOVED);
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.ABORTED);

        // two throw-away session pairs of the key-protection check (2.2), then the root pair (2.3)
        assertThat(faults.calls("C_GenerateKeyPair")).isEqualTo(3);
        assertThat(t.errorOf("2.3")).contains("no longer present");
        assertThat(t.events("rollback-registered")).anyMatch(e -> e.step().equals("2.3"));
        assertThat(t.events("rollback")).filteredOn(e -> e.step().equals("2.3"))
                .isNotEmpty().allMatch(e -> "done".equals(e.data().get("outcome")));
        t.assertNothingLeft();
    }

    @Test
    void fullCardIsAClearMessageWithNothingHalfWritten(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector();
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort")
                .atStep("3.4", () -> faults.fail("C_CreateObject", ReturnCode.DEVICE_MEMORY, 1, 1));
        List<Integer> heldBefore = new java.util.ArrayList<>();
        p.onFailure = () -> {
            try {
                heldBefore.add(t.card(2).shares().size());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.ABORTED);

        assertThat(t.errorOf("3.4")).contains("'" + t.cards.get(1).label() + "'").contains("out of memory")
                .contains("use another one").contains("CKR_DEVICE_MEMORY");
        assertThat(heldBefore).as("nothing on the full card when the failure is reported").containsExactly(0);
        t.assertNothingLeft();
    }

    @Test
    void lostSessionIsReopenedWithANewLoginBeforeTheStepIsRepeated(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        // generate-kwk draws HSM randomness: the session dies there, and stays dead
        FaultInjector faults = new FaultInjector();
        RecordingPrompter p = t.answers(Map.of(), Map.of("3.1", "retry"), "abort")
                .atStep("3.1", () -> faults.loseSessionAt("C_GenerateRandom", 0));

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);

        assertThat(t.errorOf("3.1")).contains("session with the token was lost")
                .contains("check its state before repeating");
        assertThat(p.notices).anyMatch(n -> n.contains("was lost. Opening it again"));
        // 2.1, the reopened session in 3.1, and the administrator's login after the security officer's in 3.2
        assertThat(p.pinsAskedFor.stream().filter("hsm"::equals).count()).as("a second login").isEqualTo(3);
        // the transcript-signing key was destroyed after signing: only the root key, once
        assertThat(t.hsmObjects(ObjectClass.PRIVATE_KEY)).as("the root key, no duplicates").isEqualTo(1);
    }

    @Test
    void generalErrorDuringTheWrapIsRetriedWithoutLeftovers(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        FaultInjector faults = new FaultInjector();
        // armed at 3.2: the key-protection check of 2.2 wraps throw-away keys too
        RecordingPrompter p = t.answers(Map.of(), Map.of("3.2", "retry"), "abort")
                .atStep("3.2", () -> faults.failNext("C_WrapKey", ReturnCode.GENERAL_ERROR));

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);

        assertThat(t.errorOf("3.2")).contains("the token reported a failure").contains("CKR_GENERAL_ERROR");
        assertThat(t.hsmObjects(ObjectClass.SECRET_KEY)).as("no KWK object left").isZero();
        assertThat(t.events("retry")).anyMatch(e -> e.step().equals("3.2"));
    }

    @Test
    void tokenGoneWhileSigningTheTranscriptIsRetriedAndTheTranscriptVerifies(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        RecordingPrompter p = t.answers(Map.of(), Map.of("4.4", "retry"), "abort");
        FaultInjector faults = new FaultInjector();
        // arm the fault when the signing step begins: the last C_SignInit of the ceremony
        p.atStep("4.4", () -> faults.failNext("C_SignInit", ReturnCode.TOKEN_NOT_PRESENT));

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);

        assertThat(t.errorOf("4.4")).contains("no longer present");
        assertThat(org.keyceremony.transcript.TranscriptVerifier.verify(
                t.filesUnder(t.out).stream().filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow(), (String) null)
                .valid()).isTrue();
    }
}
