package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.ReturnCode;
import org.keyceremony.testing.FaultInjector;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.transcript.Attachment;
import org.keyceremony.transcript.EmbeddedFiles;
import org.keyceremony.journal.Event;
import org.keyceremony.transcript.TranscriptVerifier;

/**
 * One transcript per ceremony: the sign-transcript step (4.4 of the EC root script) destroys
 * this ceremony's transcript-signing private key in the HSM once the signed transcript is
 * written and verified, and nothing else. Real SoftHSM2 tokens, real handlers in this JVM; the
 * fault layer only for what SoftHSM2 cannot do (a failing C_DestroyObject, a process dying
 * between writing the transcript and destroying the key).
 */
@ExtendWith(SoftHsmExtension.class)
class TranscriptSigningKeyIT {

    private static Map<String, Object> signStepFacts(CeremonyTable t) throws Exception {
        List<Event> ends = t.events("step-end").stream().filter(e -> e.step().equals("4.4")).toList();
        assertThat(ends).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) ends.get(ends.size() - 1).data().get("facts");
        return facts;
    }

    private static Path transcript(CeremonyTable t) throws Exception {
        List<Path> pdfs = t.filesUnder(t.out).stream().filter(f -> f.toString().endsWith(".pdf")).toList();
        assertThat(pdfs).as("exactly one transcript").hasSize(1);
        return pdfs.get(0);
    }

    private static String embeddedLog(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            return new String(EmbeddedFiles.read(doc, Attachment.EVENT_LOG, 1 << 24).orElseThrow(), StandardCharsets.UTF_8);
        }
    }

    /** Runs the ceremony until the process dies in 4.4, after the transcript is written, before the key is destroyed. */
    private static void crashBetweenWritingAndDestroying(CeremonyTable t) throws Exception {
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");
        FaultInjector faults = new FaultInjector();
        p.atStep("4.4", () -> faults.crashAt("C_DestroyObject"));
        assertThatThrownBy(() -> t.run(faults, p)).isInstanceOf(FaultInjector.SimulatedCrash.class);
    }

    @Test
    void theSigningKeyIsDestroyedRightAfterSigningAndTheRootKeyAndTheBackupStay(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");

        assertThat(t.run(new FaultInjector(), p).outcome()).as("failures %s", p.failures)
                .isEqualTo(CeremonyResult.Outcome.COMPLETED);

        Map<String, Object> facts = signStepFacts(t);
        assertThat(facts).containsEntry("signingKeyDestroyed", true).doesNotContainKeys("signingKeyAlreadyAbsent",
                "signedBeforeInterruption", "signingKeyError");
        String label = (String) facts.get("signingKeyLabel");
        assertThat(label).matches("root-ca transcript signer [0-9a-f]{8}");
        assertThat((String) facts.get("signingKeyId")).matches("01" + "7473" + label.substring(label.length() - 8));
        assertThat(t.hsmPrivateKeys(label)).as("the signing key is gone").isZero();
        assertThat(t.hsmPrivateKeys("root-ca")).as("the root key stays").isOne();
        assertThat(t.hsmObjects(ObjectClass.PRIVATE_KEY)).as("nothing else was destroyed").isOne();
        assertThat(t.hsmObjects(ObjectClass.CERTIFICATE)).as("root and signer certificate objects stay").isEqualTo(2);

        Path pdf = transcript(t);
        assertThat(TranscriptVerifier.verify(pdf, (String) null).valid()).isTrue();
        // The signed log ends at the sign step's begin: the destruction is a fact of the log file only.
        assertThat(embeddedLog(pdf)).doesNotContain("signingKeyDestroyed")
                .contains("destroys that key in the HSM, so that no second");
        assertThat(Files.readString(t.out.resolve("events.jsonl"))).contains("\"signingKeyDestroyed\":true");
        // The backup package was signed by that key before; it carries its certificate and still verifies.
        for (String media : List.of("media-1", "media-2")) {
            Path pkg = t.filesUnder(dir.resolve(media)).get(0);
            assertThat(BackupPackage.open(Files.readAllBytes(pkg)).keyLabel()).isEqualTo("root-ca");
        }
    }

    @Test
    void aFailedDestructionKeepsTheTranscriptEndsTheStepAndNamesTheKeyToDelete(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");
        FaultInjector faults = new FaultInjector();
        p.atStep("4.4", () -> faults.failNext("C_DestroyObject", ReturnCode.DEVICE_ERROR));

        assertThat(t.run(faults, p).outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);

        assertThat(faults.fired()).contains("C_DestroyObject:" + ReturnCode.describe(ReturnCode.DEVICE_ERROR.value()));
        assertThat(p.failures).isEmpty();
        Map<String, Object> facts = signStepFacts(t);
        String label = (String) facts.get("signingKeyLabel");
        String id = (String) facts.get("signingKeyId");
        assertThat(facts).containsEntry("signingKeyDestroyed", false);
        assertThat((String) facts.get("signingKeyAction")).contains("HSM vendor's tool", "'" + label + "'", id);
        assertThat(p.notices).anySatisfy(n -> assertThat(n).startsWith("WARNING: the transcript is signed")
                .contains("could not be destroyed", label, id));
        assertThat(t.hsmPrivateKeys(label)).as("the key is still there, and said so").isOne();
        assertThat(TranscriptVerifier.verify(transcript(t), (String) null).valid()).isTrue();
    }

    @Test
    void aCrashBetweenWritingTheTranscriptAndDestroyingTheKeyIsFinishedOnResumeWithoutASecondSignature(
            SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        crashBetweenWritingAndDestroying(t);

        Path pdf = transcript(t);
        byte[] signed = Files.readAllBytes(pdf);
        List<Event> before = t.events();
        assertThat(before.get(before.size() - 1).type()).as("no step-end, no ceremony-end").isEqualTo("step-begin");
        String label = "root-ca transcript signer " + String.valueOf(before.get(0).data().get("ceremonyId")).substring(0, 8);
        assertThat(t.hsmPrivateKeys(label)).as("the crash came before the destruction").isOne();

        org.keyceremony.ceremony.RecoveryPlan plan = org.keyceremony.ceremony.Recovery.assess(t.out, t.script);
        assertThat(plan.signedTranscript()).isEqualTo(pdf.toString());
        assertThat(plan.describe()).contains("the signed transcript was already written: " + pdf,
                "no second transcript is signed", "abort is not possible");
        // The transcript records a completed ceremony: an abort (which would remove the root key) is refused.
        assertThat(plan.canAbort()).isFalse();
        assertThatThrownBy(() -> new org.keyceremony.ceremony.Engine(
                org.keyceremony.ceremony.actions.RootCeremonyActions.registry(t.environment()),
                t.answers(Map.of(), Map.of(), "abort"), java.time.Clock.systemUTC()).abortInterrupted(t.script, t.out, plan))
                .hasMessageContaining("cannot be aborted").hasMessageContaining("Resume it");
        assertThat(t.events()).as("the refused abort wrote nothing").hasSameSizeAs(before);
        assertThat(t.hsmPrivateKeys("root-ca")).isOne();
        RecordingPrompter again = t.answers(Map.of(), Map.of(), "abort");
        FaultInjector watch = new FaultInjector();
        CeremonyResult r = t.resume(watch, again);

        assertThat(r.outcome()).as("failures %s", again.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(watch.calls("C_SignInit")).as("nothing signed again").isZero();
        assertThat(Files.readAllBytes(transcript(t))).as("the transcript is the one signed before the crash")
                .isEqualTo(signed);
        Map<String, Object> facts = signStepFacts(t);
        assertThat(facts).containsEntry("signedBeforeInterruption", true).containsEntry("signingKeyDestroyed", true)
                .containsEntry("signingKeyLabel", label).doesNotContainKey("signingKeyAlreadyAbsent")
                .containsEntry("sha256", org.keyceremony.base.Digests.sha256Hex(signed));
        assertThat(t.hsmPrivateKeys(label)).isZero();
        assertThat(t.hsmPrivateKeys("root-ca")).isOne();
        assertThat(TranscriptVerifier.verify(pdf, (String) null).valid()).isTrue();
    }

    @Test
    void aFileInThePlaceOfTheTranscriptThatDoesNotVerifyIsRefusedAndTheKeyKept(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        crashBetweenWritingAndDestroying(t);
        Path pdf = transcript(t);
        byte[] altered = Files.readAllBytes(pdf);
        altered[altered.length / 3] ^= 0x01;
        Files.delete(pdf);
        Files.write(pdf, altered);
        String label = "root-ca transcript signer " + String.valueOf(t.events().get(0).data().get("ceremonyId"))
                .substring(0, 8);

        RecordingPrompter again = t.answers(Map.of(), Map.of(), "abort");
        int[] keysAtFailure = {-1};
        again.onFailure = () -> {
            try {
                keysAtFailure[0] = t.hsmPrivateKeysDuringCeremony(label);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        t.resume(new FaultInjector(), again);

        assertThat(again.failures).first().asString().startsWith("4.4: The transcript ")
                .contains("already exists but does not verify", "The transcript-signing key was kept");
        assertThat(keysAtFailure[0]).as("the key was kept when the step refused").isOne();
        assertThat(Files.readAllBytes(pdf)).as("the file was left alone").isEqualTo(altered);
    }
}
