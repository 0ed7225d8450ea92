package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.journal.Json;

/**
 * A full headless rehearsal of the root ceremony with the EC P-384 policy, run through the
 * built launcher, then judged from outside: pkcs11-tool on the tokens, openssl on the
 * certificate and the backup package, pdfsig and qpdf on the transcript, a restore of the
 * key from three cards and the package into a fresh token.
 */
class EcRootRehearsalIT {
    static final String PIN = "123456";

    @TempDir
    static Path dir;
    static Path ws;
    static RehearsalRuns.Run rehearsal;

    @BeforeAll
    static void rehearse() throws Exception {
        // As a user starts it (no SOFTHSM2_CONF): one JVM (the launcher sets the workspace's); RsaRootRehearsalIT
        // runs with this JVM's SOFTHSM2_CONF inherited, so the world is handed to a second JVM there.
        ws = dir.resolve("ws");
        rehearsal = RehearsalRuns.rehearse(RehearsalRuns.PLAIN_SHELL, ws, RehearsalScripts.ecScript(dir),
                RehearsalRuns.SHIPPED_ANSWERS);
        assertThat(rehearsal.exitCode()).as(rehearsal.stdout() + rehearsal.stderr()).isZero();
        assertThat(rehearsal.stdout()).contains("REHEARSAL of root-key-generation 1.0", " completed.")
                .doesNotContain("second Java process");
        assertThat(rehearsal.stderr()).isEmpty();
    }

    /** The object block pkcs11-tool prints that starts with {@code header} and has {@code label}. */
    static List<String> blocks(String objects, String header, String label) {
        return List.of(objects.split("\n(?=\\S)")).stream()
                .filter(b -> b.startsWith(header) && b.contains("label:      " + label + "\n")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String key) {
        return (Map<String, Object>) json.get(key);
    }

    @Test
    void theRootKeyOnTheHsmIsSensitiveAndLabelled() throws Exception {
        String objects = RehearsalRuns.objects(ws, RehearsalWorld.HSM);
        List<String> keys = blocks(objects, "Private Key Object; EC", "root-ca");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).contains("ID:         01", "Usage:      sign")
                .containsPattern("Access:\\s+sensitive, always sensitive, local")
                .doesNotContain("extractable");
        assertThat(blocks(objects, "Public Key Object; EC  EC_POINT 384 bits", "root-ca")).hasSize(1);
        assertThat(blocks(objects, "Certificate Object", "root-ca")).hasSize(1);
        // One transcript-signing key per ceremony (its label ends with the ceremony id's first 8 hex
        // digits), destroyed right after it signed the transcript: only its certificate and public key stay.
        String signer = "(?s).*label:\\s+root-ca transcript signer [0-9a-f]{8}\n.*";
        List<String> all = List.of(objects.split("\n(?=\\S)"));
        assertThat(all.stream().filter(b -> b.startsWith("Private Key Object") && b.matches(signer)).toList())
                .as("the transcript-signing private key is gone").isEmpty();
        assertThat(all.stream().filter(b -> b.startsWith("Private Key Object")).toList()).singleElement()
                .satisfies(b -> assertThat(b).contains("label:      root-ca\n"));
        assertThat(all.stream().filter(b -> b.startsWith("Certificate Object") && b.matches(signer)).toList()).hasSize(1);
        assertThat(RehearsalRuns.events(ws)).contains("\"signingKeyDestroyed\":true");
    }

    @Test
    void neitherOnePinHolderNorTheSoAndTheUserTogetherCanWrapTheRootKeyOut() throws Exception {
        RehearsalRuns.assertNoOneCanTakeTheRootKeyOut(ws, RehearsalWorld.HSM);
        String log = RehearsalRuns.events(ws);
        assertThat(log).contains("\"action\":\"check-key-protection\"", "\"allHeld\":true", "\"action\":\"seal-root-key\"",
                "\"attributes\":[\"CKA_EXTRACTABLE=false\"", "\"securityOfficerLoggedIn\":true");
    }

    @Test
    void eachCustodianCardHoldsExactlyOnePrivateShareAndTheSparesNone() throws Exception {
        for (int i = 1; i <= 5; i++) {
            String card = RehearsalWorld.cardLabel(i);
            String objects = RehearsalRuns.objects(ws, card);
            assertThat(RehearsalRuns.dataObjects(ws, card)).as(card).isEqualTo(1);
            assertThat(objects).as(card).contains("application:    'keyceremony'", "flags:           private")
                    .containsPattern("label:\\s+'keyceremony-share [0-9a-f]{8} #" + i + "'");
            // Private: without login the card shows nothing.
            assertThat(RehearsalRuns.pkcs11Tool(ws, "--slot", RehearsalRuns.slotOf(ws, card), "-O").output()).as(card)
                    .doesNotContain("Data object");
        }
        assertThat(RehearsalRuns.dataObjects(ws, "card-6")).isZero();
        assertThat(RehearsalRuns.dataObjects(ws, "card-7")).isZero();
    }

    @Test
    void theRootCertificateIsAStrictlyValidSelfSignedCaWithTheProfilesExtensions() throws Exception {
        String pem = RehearsalRuns.output(ws).resolve("root-ca.pem").toString();
        RehearsalRuns.Run verify = RehearsalRuns.openssl("verify", "-x509_strict", "-CAfile", pem, pem);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.stdout().strip()).isEqualTo(pem + ": OK");
        String text = RehearsalRuns.openssl("x509", "-in", pem, "-noout", "-text").stdout();
        assertThat(text).contains("Issuer: C = NL, O = Example Organisation, CN = Example Root CA",
                "Subject: C = NL, O = Example Organisation, CN = Example Root CA",
                "NIST CURVE: P-384", "Signature Algorithm: ecdsa-with-SHA384",
                "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
                "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n",
                "X509v3 Subject Key Identifier:");
        assertThat(text).doesNotContain("Extended Key Usage", "pathlen");
        RehearsalRuns.Run days = RehearsalRuns.openssl("x509", "-in", pem, "-noout", "-startdate", "-enddate");
        assertThat(days.stdout()).contains("notBefore=", "notAfter=");
    }

    @Test
    void bothBackupCopiesAreIdenticalAndOpensslVerifiesThePackage() throws Exception {
        List<Path> copies = RehearsalRuns.packages(ws, "media-1", "media-2");
        assertThat(copies).hasSize(2);
        assertThat(copies.get(0).getParent().getFileName()).hasToString("media-1");
        assertThat(copies.get(1).getParent().getFileName()).hasToString("media-2");
        byte[] first = Files.readAllBytes(copies.get(0));
        assertThat(Files.readAllBytes(copies.get(1))).isEqualTo(first);
        assertThat(RehearsalRuns.events(ws)).contains("\"sha256\":\"" + RehearsalScripts.sha256Hex(first) + "\"");

        // The command docs/formats.md gives for checking a package with nothing but openssl.
        Path meta = dir.resolve("meta.json");
        RehearsalRuns.Run cms = RehearsalRuns.openssl("cms", "-verify", "-inform", "DER", "-in", copies.get(0).toString(),
                "-CAfile", RehearsalRuns.output(ws).resolve("root-ca.pem").toString(), "-purpose", "any", "-out", meta.toString());
        assertThat(cms.exitCode()).as(cms.output()).isZero();
        assertThat(cms.stderr()).contains("Verification successful");
        Map<String, Object> json = Json.parseObject(Files.readString(meta));
        BackupMetadata m = BackupPackage.open(first);
        assertThat(json).containsEntry("format", "keyceremony-backup").containsEntry("ceremonyId", m.ceremonyId())
                .containsEntry("rehearsal", true);
        assertThat(object(json, "key")).containsEntry("label", "root-ca").containsEntry("algorithm", "EC")
                .containsEntry("parameters", "P-384");
        assertThat(object(json, "sharing")).containsEntry("threshold", 3L).containsEntry("shares", 5L);

        // A package altered by one byte is refused by openssl too.
        byte[] altered = first.clone();
        int at = new String(first, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"rehearsal\":true");
        altered[at + 12] = 'T';
        Path bad = Files.write(dir.resolve("altered.kcbackup"), altered);
        RehearsalRuns.Run refused = RehearsalRuns.openssl("cms", "-verify", "-inform", "DER", "-in", bad.toString(),
                "-CAfile", RehearsalRuns.output(ws).resolve("root-ca.pem").toString(), "-purpose", "any", "-out", dir.resolve("x.json").toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Verification failure");
    }

    @Test
    void anyThreeCardsAndTheBackupPackageRestoreTheKeyIntoAFreshToken() throws Exception {
        Path pkg = RehearsalRuns.packages(ws, "media-1", "media-2").get(1);
        RehearsalRuns.Run restore = RehearsalRuns.probe(ws, "restore", pkg.toString(), PIN, "card-2", "card-4", "card-5");
        assertThat(restore.exitCode()).as(restore.output()).isZero();
        assertThat(restore.stdout()).contains("restored root-ca (ID 01) into rehearsal-hsm-2 from [card-2, card-4, card-5];"
                + " challenge signature verified");
        String objects = RehearsalRuns.objects(ws, RehearsalWorld.HSM_2);
        assertThat(blocks(objects, "Private Key Object; EC", "root-ca")).singleElement()
                .satisfies(b -> assertThat(b).contains("ID:         01").containsPattern("Access:\\s+sensitive"));

        RehearsalRuns.Run every = RehearsalRuns.probe(ws, "trials", pkg.toString(), PIN, "3", "card-1", "card-2", "card-3", "card-4",
                "card-5");
        assertThat(every.exitCode()).as(every.output()).isZero();
        assertThat(every.stdout()).contains("10 of 10 subsets of 3 cards restored the key");

        RehearsalRuns.Run twoCards = RehearsalRuns.probe(ws, "restore", pkg.toString(), PIN, "card-1", "card-3");
        assertThat(twoCards.exitCode()).as("two cards are not a quorum").isNotZero();
        assertThat(twoCards.stderr()).contains("Only 2 share(s) offered, but 3");
    }

    @Test
    void theTranscriptIsAcceptedByCeremonyVerifyPdfsigAndQpdf() throws Exception {
        Path pdf = RehearsalRuns.transcript(RehearsalRuns.output(ws));
        String fingerprint = RehearsalScripts.sha256Hex(Files.readAllBytes(RehearsalRuns.output(ws).resolve("root-ca.der")));
        RehearsalRuns.Run verify = RehearsalRuns.ceremony("verify", pdf.toString(),
                "--expect-fingerprint", fingerprint);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        RehearsalRuns.Run wrong = RehearsalRuns.ceremony("verify", pdf.toString(),
                "--expect-fingerprint", "00".repeat(32));
        assertThat(wrong.exitCode()).isEqualTo(1);

        RehearsalRuns.Run pdfsig = RehearsalRuns.command("pdfsig", pdf.toString());
        assertThat(pdfsig.stdout()).contains("Signature Validation: Signature is Valid.");
        RehearsalRuns.Run qpdf = RehearsalRuns.command("qpdf", "--check", pdf.toString());
        assertThat(qpdf.exitCode()).as(qpdf.output()).isZero();
    }
}
