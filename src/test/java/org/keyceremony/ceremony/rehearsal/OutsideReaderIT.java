package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.Json;
import org.keyceremony.sharing.ReferenceGf256;

/**
 * What an outside reader does with docs/formats.md alone (issue 19, part 4): from the backup
 * package on a medium and card dumps made with {@code pkcs11-tool}, rebuild the KWK and get the
 * root key as a PKCS#8 key that strict parsers load, with no KeyCeremony code for the crypto.
 * The package is checked with {@code openssl cms}, each envelope decoded field by field as the
 * layout table says, the shares combined by the Lagrange formula of "The sharing scheme" written
 * here over GF(2^8), the KWK checked with {@code openssl mac … CMAC}, the key unwrapped with
 * {@code openssl enc -id-aes256-wrap-pad} (and Bouncy Castle's RFC 5649 engine), cut to the
 * recorded {@code wrap.plaintextLength} as the spec says, and loaded by {@code openssl pkey} and
 * a no-trailing-bytes {@code PrivateKeyInfo} parse; its public key must be the root
 * certificate's. For several M-subsets, on the RSA-4096 root (whose PKCS#8 length varies, so
 * SoftHSM 2.6 pads it) and again after a share rotation.
 *
 * <p>The only project code used is the test harness and the canonical-JSON reader (no crypto).
 * The KWK and the key pass through files and command lines here: throw-away rehearsal keys, in a
 * temporary folder deleted after each use.
 */
class OutsideReaderIT {
    private static final byte[] MAGIC = HexFormat.of().parseHex("4b435345");

    @TempDir
    static Path dir;
    static RehearsalRuns runs;
    static Path root;

    @BeforeAll
    static void rsaRootRehearsal() throws Exception {
        runs = new RehearsalRuns(dir);
        root = dir.resolve("root-world");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(root, RehearsalRuns.SHIPPED_SCRIPT, RehearsalRuns.SHIPPED_ANSWERS);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void theRootKeyComesBackFromCardDumpsAndThePackageForSeveralQuorums() throws Exception {
        Path work = Files.createDirectories(dir.resolve("reader-root"));
        Path rootPem = rootCertificatePem(RehearsalRuns.output(root, "root-key-generation"), work);
        Path pkg = RehearsalRuns.packages(root).get(0);
        Map<String, Object> meta = verifiedMetadata(pkg, rootPem, work);
        assertThat(number(meta, "version")).isEqualTo(2);
        Map<Long, byte[]> envelopes = dumpShares(root, meta, work);
        assertThat(envelopes).hasSize(5);
        for (long[] quorum : new long[][] {{1, 2, 3}, {3, 4, 5}, {5, 1, 3}}) {
            restore(meta, envelopes, quorum, rootPem, work);
        }
    }

    @Test
    void afterARotationEachMediumHoldsBothPackagesAndTheNewOneRestoresTheSameWay() throws Exception {
        Path world = RehearsalRuns.fork(root, dir.resolve("rotated"));
        Path oldPackage = RehearsalRuns.packages(world).get(0);
        RehearsalRuns.Run rotation = RehearsalRuns.rehearse(world, RehearsalRuns.shipped("share-rotation.yaml"),
                RehearsalRuns.shipped("rehearsal/share-rotation.answers.yaml"));
        assertThat(rotation.exitCode()).as(rotation.output()).isZero();
        // docs/formats.md: after a rotation onto the same media, each medium holds the old and the new package.
        for (String medium : List.of("media-1", "media-2")) {
            assertThat(RehearsalRuns.packages(world, medium)).hasSize(2)
                    .anyMatch(p -> p.getFileName().equals(oldPackage.getFileName()));
        }
        Path newPackage = RehearsalRuns.packages(world).stream().filter(p -> !p.getFileName()
                .equals(oldPackage.getFileName())).findFirst().orElseThrow();

        Path work = Files.createDirectories(dir.resolve("reader-rotated"));
        Path rootPem = rootCertificatePem(RehearsalRuns.output(world, "root-key-generation"), work);
        Map<String, Object> meta = verifiedMetadata(newPackage, rootPem, work);
        assertThat(number(object(meta, "sharing"), "threshold")).isEqualTo(2);
        Map<Long, byte[]> envelopes = dumpShares(world, meta, work);
        assertThat(envelopes).hasSize(3);
        for (long[] quorum : new long[][] {{1, 2}, {2, 3}, {3, 1}}) {
            restore(meta, envelopes, quorum, rootPem, work);
        }
    }

    // --- "Checking a package with openssl alone" ---

    private static Path rootCertificatePem(Path ceremonyOutput, Path work) {
        Path pem = work.resolve("root-ca.pem");
        ok(RehearsalRuns.openssl("x509", "-inform", "DER", "-in", ceremonyOutput.resolve("root-ca.der").toString(),
                "-out", pem.toString()));
        return pem;
    }

    private static Map<String, Object> verifiedMetadata(Path pkg, Path rootPem, Path work) throws Exception {
        Path json = work.resolve(pkg.getFileName() + ".json");
        RehearsalRuns.Run v = RehearsalRuns.openssl("cms", "-verify", "-inform", "DER", "-in", pkg.toString(),
                "-CAfile", rootPem.toString(), "-purpose", "any", "-out", json.toString());
        assertThat(v.exitCode()).as(v.output()).isZero();
        assertThat(v.output()).contains("CMS Verification successful");
        Map<String, Object> meta = Json.parseObject(Files.readString(json, StandardCharsets.UTF_8));
        assertThat(meta.get("format")).isEqualTo("keyceremony-backup");
        Map<String, Object> wrap = object(meta, "wrap");
        assertThat(wrap.get("format")).isEqualTo("RFC 5649");
        assertThat(HexFormat.of().formatHex(sha256(wrappedKey(meta)))).isEqualTo(wrap.get("wrappedKeySha256"));
        // key.spkiSha256 is the root certificate's key.
        Path spki = work.resolve("root-spki.der");
        ok(RehearsalRuns.openssl("x509", "-in", rootPem.toString(), "-noout", "-pubkey", "-out",
                work.resolve("root-pub.pem").toString()));
        ok(RehearsalRuns.openssl("pkey", "-pubin", "-in", work.resolve("root-pub.pem").toString(), "-outform", "DER",
                "-out", spki.toString()));
        assertThat(HexFormat.of().formatHex(sha256(Files.readAllBytes(spki))))
                .isEqualTo(object(meta, "key").get("spkiSha256"));
        return meta;
    }

    // --- "On a custodian card": dump, then "Share envelope v1" ---

    /** Share number → envelope, each dumped from its card with pkcs11-tool and decoded as the layout table says. */
    private static Map<Long, byte[]> dumpShares(Path world, Map<String, Object> meta, Path work) throws Exception {
        Map<String, Object> sharing = object(meta, "sharing");
        byte[] setId = HexFormat.of().parseHex((String) sharing.get("shareSetId"));
        Map<Long, byte[]> out = new LinkedHashMap<>();
        for (Object o : (List<?>) sharing.get("records")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) o;
            long x = number(r, "shareNumber");
            String label = "keyceremony-share " + HexFormat.of().formatHex(setId, 0, 4) + " #" + x;
            Path dump = work.resolve("share-" + x + ".bin");
            Files.deleteIfExists(dump);
            RehearsalRuns.Run read = RehearsalRuns.pkcs11Tool(world, "--slot",
                    RehearsalRuns.slotOf(world, (String) r.get("cardLabel")), "--login", "--pin", RehearsalRuns.PIN,
                    "--read-object", "--type", "data", "--label", label, "-o", dump.toString());
            assertThat(read.exitCode()).as(read.output()).isZero();
            byte[] e = Files.readAllBytes(dump);

            assertThat(Arrays.copyOfRange(e, 0, 4)).as("magic").isEqualTo(MAGIC);
            assertThat(e[4]).as("version").isEqualTo((byte) 1);
            int l = ((e[32] & 0xff) << 8) | (e[33] & 0xff);
            assertThat(e).as("66 + L bytes, nothing after the checksum").hasSize(66 + l);
            assertThat(Arrays.copyOfRange(e, 34 + l, 66 + l)).as("checksum")
                    .isEqualTo(sha256(Arrays.copyOfRange(e, 0, 34 + l)));
            assertThat(Arrays.copyOfRange(e, 5, 21)).as("share-set id").isEqualTo(setId);
            assertThat(e[21] & 0xff).as("share number").isEqualTo((int) x);
            assertThat(e[22] & 0xff).as("M").isEqualTo((int) number(sharing, "threshold"));
            assertThat(e[23] & 0xff).as("N").isEqualTo((int) number(sharing, "shares"));
            assertThat(HexFormat.of().formatHex(e, 24, 32)).as("check value").isEqualTo(sharing.get("kwkCheckValue"));
            assertThat(HexFormat.of().formatHex(sha256(e))).as("commitment").isEqualTo(r.get("commitment"));
            out.put(x, e);
        }
        return out;
    }

    // --- "The sharing scheme", "KWK check value", "Backup package": the restore itself ---

    private static void restore(Map<String, Object> meta, Map<Long, byte[]> envelopes, long[] quorum, Path rootPem,
                                Path work) throws Exception {
        Path tmp = Files.createTempDirectory(work, "quorum");
        try {
            byte[] kwk = lagrangeAtZero(envelopes, quorum);
            String kwkHex = HexFormat.of().formatHex(kwk);
            Path zeros = tmp.resolve("zeros");
            Files.write(zeros, new byte[16]);
            RehearsalRuns.Run mac = ok(RehearsalRuns.openssl("mac", "-cipher", "AES-256-CBC", "-macopt",
                    "hexkey:" + kwkHex, "-in", zeros.toString(), "CMAC"));
            assertThat(mac.stdout().strip().toLowerCase().substring(0, 16)).as("KWK check value of quorum "
                    + Arrays.toString(quorum)).isEqualTo(object(meta, "sharing").get("kwkCheckValue"));

            byte[] wrapped = wrappedKey(meta);
            Path in = tmp.resolve("wrapped.bin");
            Path plainFile = tmp.resolve("plain.bin");
            Files.write(in, wrapped);
            ok(RehearsalRuns.openssl("enc", "-d", "-id-aes256-wrap-pad", "-K", kwkHex, "-iv", "A65959A6",
                    "-in", in.toString(), "-out", plainFile.toString()));
            byte[] plain = Files.readAllBytes(plainFile);
            RFC5649WrapEngine bc = new RFC5649WrapEngine(AESEngine.newInstance());
            bc.init(false, new KeyParameter(kwk));
            assertThat(bc.unwrap(wrapped, 0, wrapped.length)).as("a second RFC 5649 implementation agrees")
                    .isEqualTo(plain);

            // formats.md: take the first N bytes; fewer than 8 may follow, all zero; N is the DER's own length.
            int n = (int) number(object(meta, "wrap"), "plaintextLength");
            assertThat(plain.length - n).isBetween(0, 7);
            for (int i = n; i < plain.length; i++) {
                assertThat(plain[i]).as("byte " + i + " after the key").isZero();
            }
            assertThat(derOuterLength(plain)).isEqualTo(n);
            byte[] key = Arrays.copyOf(plain, n);
            if (plain.length > n) {
                // What a strict reader does with the padded plaintext, and why the length is recorded.
                assertThatThrownBy(() -> ASN1Primitive.fromByteArray(plain)).hasMessageContaining("Extra data");
            }
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(key));
            assertThat(info.getEncoded(ASN1Encoding.DER)).isEqualTo(key);

            Path keyFile = tmp.resolve("key.der");
            Path pub = tmp.resolve("key-spki.der");
            Files.write(keyFile, key);
            ok(RehearsalRuns.openssl("pkey", "-inform", "DER", "-in", keyFile.toString(), "-pubout", "-outform", "DER",
                    "-out", pub.toString()));
            assertThat(Files.readAllBytes(pub)).as("the restored key's public key is the root certificate's")
                    .isEqualTo(Files.readAllBytes(work.resolve("root-spki.der")));
        } finally {
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(tmp);
        }
    }

    /**
     * The share values of {@code xs} taken out of their envelopes (formats.md, "Share envelope":
     * length at 32, value from 34), combined by the test's own GF(2^8) Shamir written from the
     * spec ({@link ReferenceGf256}), not the product's sharing code.
     */
    static byte[] lagrangeAtZero(Map<Long, byte[]> envelopes, long[] xs) {
        Map<Integer, byte[]> ys = new LinkedHashMap<>();
        for (long x : xs) {
            byte[] e = envelopes.get(x);
            int l = ((e[32] & 0xff) << 8) | (e[33] & 0xff);
            ys.put((int) x, Arrays.copyOfRange(e, 34, 34 + l));
        }
        return ReferenceGf256.interpolateAtZero(ys);
    }

    @Test
    void theFieldArithmeticIsTheSpecsOwnExamples() {
        assertThat(ReferenceGf256.mul(0x57, 0x83)).isEqualTo(0xc1);
        assertThat(ReferenceGf256.mul(0x53, 0xca)).isEqualTo(0x01);
        assertThat(ReferenceGf256.inverse(0x53)).isEqualTo(0xca);
        // The worked example: shares 2 (dc) and 3 (16) of s = 53.
        Map<Long, byte[]> two = Map.of(2L, envelopeOf(0xdc), 3L, envelopeOf(0x16));
        assertThat(lagrangeAtZero(two, new long[] {2, 3})).containsExactly(0x53);
    }

    private static byte[] envelopeOf(int y) {
        byte[] e = new byte[35];
        e[33] = 1;
        e[34] = (byte) y;
        return e;
    }

    // --- small readers ---

    /** Tag 30, then a short or long-form definite length: the whole element's length. */
    static int derOuterLength(byte[] der) {
        assertThat(der[0]).as("a DER SEQUENCE").isEqualTo((byte) 0x30);
        int first = der[1] & 0xff;
        if (first < 0x80) {
            return 2 + first;
        }
        int octets = first & 0x7f;
        int len = 0;
        for (int i = 0; i < octets; i++) {
            len = (len << 8) | (der[2 + i] & 0xff);
        }
        return 2 + octets + len;
    }

    private static byte[] wrappedKey(Map<String, Object> meta) {
        return Base64.getDecoder().decode((String) object(meta, "wrap").get("wrappedKeyBase64"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> o, String name) {
        return (Map<String, Object>) o.get(name);
    }

    private static long number(Map<String, Object> o, String name) {
        return (Long) o.get(name);
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static RehearsalRuns.Run ok(RehearsalRuns.Run r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }
}
