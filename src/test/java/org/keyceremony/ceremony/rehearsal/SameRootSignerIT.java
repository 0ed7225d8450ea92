package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.transcript.EmbeddedFiles;
import org.keyceremony.transcript.TranscriptVerifier;

/**
 * The same-root attack on real transcripts: a root key generation (ceremony A) and a share
 * rotation (ceremony B) rehearsed one after the other under one root, each signed by its own
 * transcript-signing key in the rehearsal HSM. Each ceremony destroys its key right after its
 * transcript is signed, so whoever holds the HSM's PIN afterwards finds neither key: ceremony
 * A's key cannot sign ceremony B's transcript, nor a second transcript of A. (Were such a key
 * still at hand, {@code ceremony verify} refuses the cross-signed transcript on
 * {@code signer-of-ceremony}: SameRootSignerTest.)
 */
@ExtendWith(SoftHsmExtension.class)
class SameRootSignerIT {
    @TempDir
    Path dir;

    @Test
    void afterBothCeremoniesNeitherTranscriptKeyIsLeftInTheHsmToSignWith(SoftHsmWorld world) throws Exception {
        RehearsalRuns runs = new RehearsalRuns(dir);
        Path ws = dir.resolve("ws");
        RehearsalRuns.Run a = RehearsalRuns.rehearse(ws, runs.ecScript("root-key-generation"),
                RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        assertThat(a.exitCode()).as(a.output()).isZero();
        RehearsalRuns.Run b = RehearsalRuns.rehearse(ws, runs.ecScript("share-rotation"), runs.answers("share-rotation", Map.of()));
        assertThat(b.exitCode()).as(b.output()).isZero();
        Path outA = RehearsalRuns.output(ws, "root-key-generation");
        byte[] transcriptA = Files.readAllBytes(RehearsalRuns.transcript(outA));
        byte[] transcriptB = Files.readAllBytes(RehearsalRuns.transcript(RehearsalRuns.output(ws, "share-rotation")));
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(outA.resolve("root-ca.der"))));
        assertThat(TranscriptVerifier.verify("A", transcriptA, fingerprint).failures()).isEmpty();
        assertThat(TranscriptVerifier.verify("B", transcriptB, fingerprint).failures()).isEmpty();

        // An independent judge: pkcs11-tool lists the root key alone, no transcript-signing private key.
        assertThat(RehearsalRuns.labels(ws, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
        assertThat(RehearsalRuns.labels(ws, "rehearsal-hsm", "cert")).filteredOn(l -> l.contains("transcript signer"))
                .as("both signers' certificates stay, public").hasSize(2);

        // The insider's view of the rehearsal HSM: its token files, in this test's SoftHSM2 world.
        try (Stream<Path> tokens = Files.list(ws.resolve("tokens"))) {
            for (Path token : tokens.toList()) {
                copyTree(token, world.dir().resolve("tokens").resolve(token.getFileName().toString()));
            }
        }
        world.module().reinitialize();
        byte[] keyIdA = HexFormat.of().parseHex(issuedKeyId(
                new String(attachment(transcriptA, "event-log.jsonl"), StandardCharsets.UTF_8)));
        byte[] keyIdB = HexFormat.of().parseHex(issuedKeyId(
                new String(attachment(transcriptB, "event-log.jsonl"), StandardCharsets.UTF_8)));
        try (HsmToken hsm = world.module().openByLabel("rehearsal-hsm");
             Pin pin = Pin.copyOf(RehearsalRuns.PIN.toCharArray())) {
            hsm.login(pin);
            for (byte[] id : new byte[][] {keyIdA, keyIdB}) {
                assertThat(hsm.findObjects(ObjectClass.PRIVATE_KEY, null, id)).isEmpty();
                assertThatThrownBy(() -> hsm.privateKey(id)).isInstanceOf(HsmException.class)
                        .hasMessageContaining("No private key with ID " + HexFormat.of().formatHex(id));
                assertThat(hsm.findObjects(ObjectClass.CERTIFICATE, null, id)).hasSize(1);
            }
            assertThat(hsm.findObjects(ObjectClass.PRIVATE_KEY, "root-ca", null)).hasSize(1);
        }
    }

    private static byte[] attachment(byte[] pdf, String name) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return EmbeddedFiles.read(doc, name, 1 << 24).orElseThrow();
        }
    }

    /** The keyId of the log's issue-transcript-certificate step (its step-end facts). */
    private static String issuedKeyId(String log) {
        return log.lines().filter(l -> l.contains("\"type\":\"step-end\"") && l.contains("KeyCeremony transcript signer"))
                .map(l -> find(l, "\"keyId\":\"([0-9a-f]+)\"")).findFirst().orElseThrow();
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(regex + " not in " + text);
        }
        return m.group(1);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
