package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
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
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.EmbeddedFiles;
import org.keyceremony.transcript.TranscriptSigner;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;

/**
 * The same-root attack on real transcripts: a root key generation (ceremony A) and a share
 * rotation (ceremony B) rehearsed one after the other under one root, each signed by its own
 * transcript-signing key in the rehearsal HSM. Afterwards ceremony A's key is still in that
 * HSM; whoever holds its PIN signs ceremony B's transcript with it. Chain and fingerprint hold;
 * {@code ceremony verify} must still refuse it.
 */
@ExtendWith(SoftHsmExtension.class)
class SameRootSignerIT {
    @TempDir
    Path dir;

    @Test
    void ceremonyBsTranscriptSignedInTheHsmWithCeremonyAsKeyIsRefused(SoftHsmWorld world) throws Exception {
        RehearsalRuns runs = new RehearsalRuns(dir);
        Path ws = dir.resolve("ws");
        RehearsalRuns.Run a = runs.rehearse(ws, runs.ecScript("root-key-generation"),
                RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        assertThat(a.exitCode()).as(a.output()).isZero();
        RehearsalRuns.Run b = runs.rehearse(ws, runs.ecScript("share-rotation"), runs.answers("share-rotation", Map.of()));
        assertThat(b.exitCode()).as(b.output()).isZero();
        Path outA = RehearsalRuns.output(ws, "root-key-generation");
        byte[] transcriptA = Files.readAllBytes(RehearsalRuns.transcript(outA));
        Path fileB = RehearsalRuns.transcript(RehearsalRuns.output(ws, "share-rotation"));
        byte[] transcriptB = Files.readAllBytes(fileB);
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(outA.resolve("root-ca.der"))));
        assertThat(TranscriptVerifier.verify("A", transcriptA, fingerprint).failures()).isEmpty();
        assertThat(TranscriptVerifier.verify("B", transcriptB, fingerprint).failures()).isEmpty();

        // The insider's view of the rehearsal HSM: its token files, in this test's SoftHSM2 world.
        try (Stream<Path> tokens = Files.list(ws.resolve("tokens"))) {
            for (Path token : tokens.toList()) {
                copyTree(token, world.dir().resolve("tokens").resolve(token.getFileName().toString()));
            }
        }
        world.module().reinitialize();
        String logA = new String(attachment(transcriptA, "event-log.jsonl"), StandardCharsets.UTF_8);
        byte[] keyIdA = HexFormat.of().parseHex(issuedKeyId(logA));
        X509Certificate signerA = certificate(attachment(transcriptA, "transcript-signer.pem"));
        X509Certificate root = certificate(attachment(transcriptA, "root-certificate.pem"));

        byte[] hostile;
        try (HsmToken hsm = world.module().openByLabel("rehearsal-hsm");
             Pin pin = Pin.copyOf(RehearsalRuns.PIN.toCharArray())) {
            hsm.login(pin);
            byte[] unsignedB = Arrays.copyOf(transcriptB, firstRevisionEnd(transcriptB));
            hostile = TranscriptSigner.withKey(hsm.privateKey(keyIdA), hsm.signingProvider(), signerA, root)
                    .sign(unsignedB, signingTime(transcriptB), "KeyCeremony transcript signer", "forged");
        }
        Path hostileFile = Files.write(dir.resolve("hostile.pdf"), hostile);

        VerificationReport r = TranscriptVerifier.verify(hostileFile, fingerprint);
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(Check::name).containsExactly("signer-of-ceremony");
        assertThat(r.check("signer-of-ceremony").orElseThrow().reason())
                .contains("is not the transcript-signing certificate this ceremony issued")
                .contains("belongs to ceremony " + ceremonyId(logA) + ", but the log is of ceremony "
                        + ceremonyId(new String(attachment(transcriptB, "event-log.jsonl"), StandardCharsets.UTF_8)));
        assertThat(r.check("root-fingerprint").orElseThrow().passed()).isTrue();
        RehearsalRuns.Run cli = runs.ceremony("verify", hostileFile.toString(), "--expect-fingerprint", fingerprint);
        assertThat(cli.exitCode()).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("INVALID", "FAIL  signer-of-ceremony");
        assertThat(RehearsalRuns.exec(java.util.List.of("pdfsig", hostileFile.toString()), Map.of()).output())
                .as("pdfsig cannot tell: a valid signature under the same root").contains("Signature is Valid.");
    }

    private static byte[] attachment(byte[] pdf, String name) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return EmbeddedFiles.read(doc, name, 1 << 24).orElseThrow();
        }
    }

    private static Instant signingTime(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getLastSignatureDictionary().getSignDate().toInstant();
        }
    }

    private static X509Certificate certificate(byte[] pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    /** The keyId of the log's issue-transcript-certificate step (its step-end facts). */
    private static String issuedKeyId(String log) {
        return log.lines().filter(l -> l.contains("\"type\":\"step-end\"") && l.contains("KeyCeremony transcript signer"))
                .map(l -> find(l, "\"keyId\":\"([0-9a-f]+)\"")).findFirst().orElseThrow();
    }

    private static String ceremonyId(String log) {
        return find(log.lines().findFirst().orElseThrow(), "\"ceremonyId\":\"([^\"]+)\"");
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(regex + " not in " + text);
        }
        return m.group(1);
    }

    /** End of the first revision: just after its first %%EOF and line end. */
    private static int firstRevisionEnd(byte[] pdf) {
        String s = new String(pdf, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("%%EOF") + 5;
        while (at < pdf.length && (pdf[at] == '\n' || pdf[at] == '\r')) {
            at++;
        }
        return at;
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
