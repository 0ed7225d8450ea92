package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.Digests;

/**
 * Backup restore rehearsals against the world of one completed root rehearsal (EC P-384),
 * each in a copy of that world: restores from different quorums, proven with pkcs11-tool and
 * openssl; and every refusal, each with its message and an untouched target token.
 */
class RestoreRehearsalIT {
    @TempDir
    static Path dir;
    static RehearsalRuns runs;
    static Path root;
    static Path restoreScript;
    static String rootFingerprint;

    @BeforeAll
    static void rootRehearsal() throws Exception {
        runs = new RehearsalRuns(dir);
        root = dir.resolve("root-world");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(root, runs.ecScript("root-key-generation"),
                RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        restoreScript = runs.ecScript("backup-restore");
        byte[] der = Files.readAllBytes(RehearsalRuns.output(root, "root-key-generation").resolve("root-ca.der"));
        rootFingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    private static RehearsalRuns.Run restore(Path world, Map<String, String> values) throws Exception {
        return RehearsalRuns.rehearse(world, restoreScript, runs.answers("backup-restore", values));
    }

    private static Path fork(String name) throws Exception {
        return RehearsalRuns.fork(root, dir.resolve(name));
    }

    @Test
    void restoresFromDifferentQuorumsAndTheRestoredKeyIsSensitiveAndSigns() throws Exception {
        List<String> quorums = List.of("[\"card-5\", \"card-2\", \"card-1\"]", "[\"card-3\", \"card-4\", \"card-5\"]",
                "[\"card-4\", \"card-1\", \"card-3\"]");
        for (int i = 0; i < quorums.size(); i++) {
            Path world = fork("quorum-" + i);
            RehearsalRuns.Run r = restore(world, Map.of("3.1", quorums.get(i)));
            assertThat(r.exitCode()).as(r.output()).isZero();
            Path transcript = RehearsalRuns.transcript(RehearsalRuns.output(world, "backup-restore"));
            RehearsalRuns.Run verify = RehearsalRuns.ceremony("verify", transcript.toString(), "--expect-fingerprint", rootFingerprint);
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).contains(": VALID");
        }
        Path world = dir.resolve("quorum-0");
        String objects = RehearsalRuns.objects(world, "rehearsal-hsm-2");
        String rootKey = objects.substring(objects.indexOf("Private Key Object; EC\n  label:      root-ca\n"));
        String access = rootKey.lines().filter(l -> l.strip().startsWith("Access:")).findFirst().orElseThrow();
        assertThat(access).contains("sensitive").doesNotContainPattern("(?<!never )extractable");
        assertThat(objects).contains("Certificate Object; type = X.509 cert\n  label:      root-ca\n");
        // The restore signed with its own transcript-signing key in the target HSM and destroyed it
        // afterwards; the restored root key stays, and so does the key in the original HSM.
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm-2", "privkey")).containsExactly("root-ca");
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm-2", "cert")).filteredOn(l -> l.contains("transcript signer"))
                .hasSize(1);
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
        // Restored non-extractable: no credential, alone or with the SO, gets it out of the target HSM.
        RehearsalRuns.assertNoOneCanTakeTheRootKeyOut(world, "rehearsal-hsm-2");

        Path challenge = Files.writeString(dir.resolve("challenge.txt"), "restore proof " + System.nanoTime());
        Path sig = dir.resolve("challenge.sig");
        // SoftHSM2 offers plain CKM_ECDSA: the token signs the SHA-384 digest, openssl checks ECDSA-with-SHA384.
        Path digest = Files.write(dir.resolve("challenge.sha384"),
                MessageDigest.getInstance("SHA-384").digest(Files.readAllBytes(challenge)));
        RehearsalRuns.Run sign = RehearsalRuns.pkcs11(world, "rehearsal-hsm-2", "--sign", "--id", "01", "--mechanism",
                "ECDSA", "--signature-format", "openssl", "--input-file", digest.toString(),
                "--output-file", sig.toString());
        assertThat(sign.exitCode()).as(sign.output()).isZero();
        Path pem = RehearsalRuns.output(root, "root-key-generation").resolve("root-ca.pem");
        Path pub = dir.resolve("root-pub.pem");
        RehearsalRuns.Run key = RehearsalRuns.openssl("x509", "-in", pem.toString(), "-pubkey",
                "-noout", "-out", pub.toString());
        assertThat(key.exitCode()).as(key.output()).isZero();
        RehearsalRuns.Run check = RehearsalRuns.openssl("dgst", "-sha384", "-verify", pub.toString(),
                "-signature", sig.toString(), challenge.toString());
        assertThat(check.output()).contains("Verified OK");
    }

    /** The run aborted, its event log records the refusal's messages, and the target token is as it was. */
    private static void assertRefused(Path world, RehearsalRuns.Run r, String before, String... messages)
            throws Exception {
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("aborted");
        String log = Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl"));
        assertThat(log).contains("\"type\":\"step-failed\"").contains(messages);
        assertThat(RehearsalRuns.objects(world, "rehearsal-hsm-2")).isEqualTo(before);
    }

    private static void replacePackage(Path world, byte[] bytes) throws Exception {
        for (String media : List.of("media-1", "media-2")) {
            try (var s = Files.list(world.resolve(media))) {
                for (Path p : s.toList()) {
                    Files.write(p, bytes);
                }
            }
        }
    }

    private static byte[] genuinePackage() throws Exception {
        return Files.readAllBytes(RehearsalRuns.packages(root).get(0));
    }

    @Test
    void refusesCorruptTruncatedUnsignedAndForeignPackagesBeforeAnyCard() throws Exception {
        byte[] genuine = genuinePackage();
        byte[] corrupt = genuine.clone();
        // One hex digit of the signed metadata changed: the CMS still parses, its digest no longer matches.
        int at = new String(genuine, StandardCharsets.ISO_8859_1).indexOf("\"ceremonyId\":\"") + 14;
        corrupt[at] = (byte) (corrupt[at] == '0' ? '1' : '0');
        byte[] truncated = Arrays.copyOf(genuine, genuine.length / 2);
        byte[] content = (byte[]) new CMSSignedData(genuine).getSignedContent().getContent();
        byte[] unsigned = new CMSSignedDataGenerator().generate(new CMSProcessableByteArray(content), true).getEncoded();
        byte[] foreign = signedByAStranger(content);
        Map<String, byte[]> cases = Map.of("corrupt", corrupt, "truncated", truncated, "unsigned", unsigned,
                "foreign", foreign);
        Map<String, String> messages = Map.of(
                "corrupt", "altered",
                "truncated", "corrupt or truncated",
                "unsigned", "must carry exactly one signature, it has 0",
                "foreign", "not signed by a key of its root: it is foreign or forged");
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path world = fork("package-" + c.getKey());
            String before = RehearsalRuns.objects(world, "rehearsal-hsm-2");
            replacePackage(world, c.getValue());
            RehearsalRuns.Run r = restore(world, Map.of());
            assertRefused(world, r, before, "is refused", messages.get(c.getKey()), "No card has been read");
            String log = Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl"));
            assertThat(log).as(c.getKey()).doesNotContain("\"step\":\"3.1\"");
        }
    }

    /** The genuine metadata, signed by a key that the package's root never certified. */
    private static byte[] signedByAStranger(byte[] content) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=Stranger");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                java.math.BigInteger.TEN, new java.util.Date(), new java.util.Date(System.currentTimeMillis() + 86_400_000L),
                name, kp.getPublic()).build(new JcaContentSignerBuilder("SHA384withECDSA").build(kp.getPrivate())));
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(kp.getPrivate()), cert));
        gen.addCertificates(new JcaCertStore(List.of(cert)));
        return gen.generate(new CMSProcessableByteArray(content), true).getEncoded();
    }

    @Test
    void refusesAPackageWhoseHashDiffersFromTheOriginalTranscript() throws Exception {
        Path world = fork("hash");
        String before = RehearsalRuns.objects(world, "rehearsal-hsm-2");
        String wrong = "ab".repeat(32);
        RehearsalRuns.Run r = restore(world, Map.of("2.3", "[\"\", \"" + wrong + "\"]"));
        assertRefused(world, r, before, "but the original transcript gives " + wrong, "No card has been read");
        String right = Digests.sha256Hex(genuinePackage());
        RehearsalRuns.Run ok = restore(world, Map.of("2.3", "[\"\", \"" + right + "\"]"));
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        String log = Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl"));
        assertThat(log).contains("\"sha256Compared\":true", "\"sha256FromOriginalTranscript\":\"" + right + "\"");
    }

    @Test
    void refusesATargetThatAlreadyHoldsTheKeyBeforeAnyCustodianIsAsked() throws Exception {
        Path world = fork("occupied");
        RehearsalRuns.Run gen = RehearsalRuns.pkcs11(world, "rehearsal-hsm-2", "--keypairgen", "--key-type",
                "EC:secp384r1", "--label", "some other key", "--id", "01");
        assertThat(gen.exitCode()).as(gen.output()).isZero();
        String before = RehearsalRuns.objects(world, "rehearsal-hsm-2");
        RehearsalRuns.Run r = restore(world, Map.of());
        assertRefused(world, r, before, "already holds private key 'some other key' (ID 01)",
                "No custodian has been asked for a card");
        String log = Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl"));
        assertThat(log).doesNotContain("\"step\":\"3.1\"");
    }

    @Test
    void anAbortAfterTheUnwrapRemovesTheRestoredKeyAndEverythingElseItPutOnTheTarget() throws Exception {
        Path world = fork("abort-after-unwrap");
        String before = RehearsalRuns.objects(world, "rehearsal-hsm-2");
        // Nobody enters the new bag's number in step 5.2: the step fails and the rehearsal aborts.
        RehearsalRuns.Run r = restore(world, Map.of("5.2", "\"\""));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("aborted", "restored root private key 'root-ca'", "done");
        String log = Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl"));
        assertThat(log).contains("\"step\":\"4.2\",\"time\"").contains("\"type\":\"rollback\"");
        assertThat(RehearsalRuns.objects(world, "rehearsal-hsm-2")).isEqualTo(before);
    }

    @Test
    void namesEachBadCardAndLetsTheNextCustodianTry() throws Exception {
        Path world = fork("bad-cards");
        CardTampering.writeOtherCeremonysShare(world, "card-7");
        CardTampering.writeCorruptShare(world, "card-6", RehearsalRuns.packages(world).get(0), 4);
        String before = RehearsalRuns.objects(world, "rehearsal-hsm-2");
        RehearsalRuns.Run tooFew = restore(world, Map.of("3.1",
                "[\"rehearsal-hsm\", \"card-7\", \"card-6\", \"card-2\", \"card-2\", \"card-4\"]"));
        assertRefused(world, tooFew, before,
                "'rehearsal-hsm'", "is the wrong card: it holds no KeyCeremony share at all",
                "'card-7'", "is a card of another ceremony",
                "'card-6'", "holds a corrupt share of this backup's share set",
                "'card-2'", "was presented twice",
                "Only 2 of the 3 valid shares needed were read", "1 more needed");

        RehearsalRuns.Run ok = restore(world, Map.of("3.1",
                "[\"card-7\", \"card-2\", \"card-6\", \"card-2\", \"card-4\", \"card-1\"]"));
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        String log = Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl"),
                StandardCharsets.UTF_8);
        assertThat(log).contains("is a card of another ceremony", "holds a corrupt share", "was presented twice",
                "\"shareNumbers\":[\"2\",\"4\",\"1\"]");
    }
}
