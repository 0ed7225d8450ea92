package org.keyceremony.ceremony.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Json;
import org.keyceremony.secret.SecretBytes;

/**
 * The exact length of the key inside a wrap (docs/formats.md, "The wrapped key, exactly"): what
 * SoftHSM 2.6 produces (the DER zero-padded to 8 before RFC 5649) is measured; anything else
 * after the key is refused; a version 2 package whose length does not fit its wrapped bytes is
 * refused, and one that fits opens.
 */
class WrappedKeyLengthTest {
    private static final byte[] KWK = new byte[32];

    static {
        new SecureRandom(new byte[] {1}).nextBytes(KWK);
    }

    private static byte[] pkcs8() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair().getPrivate().getEncoded();
    }

    private static byte[] wrap(byte[] plain) {
        RFC5649WrapEngine e = new RFC5649WrapEngine(AESEngine.newInstance());
        e.init(true, new KeyParameter(KWK));
        return e.wrap(plain, 0, plain.length);
    }

    private static int measure(byte[] plain) throws KeyCeremonyException {
        try (SecretBytes kwk = SecretBytes.copyOf(KWK)) {
            return WrappedKeyLength.measureInMemory(kwk, wrap(plain));
        }
    }

    @Test
    void measuresTheKeyWhetherOrNotTheHsmPaddedItToEightBytes() throws Exception {
        byte[] key = pkcs8();
        assertThat(measure(key)).isEqualTo(key.length);
        for (int pad = 1; pad < 8; pad++) {
            assertThat(measure(Arrays.copyOf(key, key.length + pad))).as("followed by %d zero bytes", pad)
                    .isEqualTo(key.length);
        }
    }

    @Test
    void refusesEightZeroBytesOrANonZeroByteAfterTheKey() throws Exception {
        byte[] key = pkcs8();
        assertThatThrownBy(() -> measure(Arrays.copyOf(key, key.length + 8)))
                .hasMessageContaining("more than padding to 8 bytes");
        byte[] dirty = Arrays.copyOf(key, key.length + 3);
        dirty[key.length + 1] = 1;
        assertThatThrownBy(() -> measure(dirty)).hasMessageContaining("non-zero bytes after its PKCS#8 encoding");
    }

    @Test
    void refusesWhatIsNotAStrictPkcs8Key() throws Exception {
        byte[] notAKey = {0x30, 0x03, 0x02, 0x01, 0x00};
        assertThatThrownBy(() -> measure(notAKey)).hasMessageContaining("does not parse as a PKCS#8 PrivateKeyInfo");
        byte[] text = "not a key at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> measure(text)).hasMessageContaining("does not start with a DER SEQUENCE");
    }

    @Test
    void refusesAWrapThatDoesNotOpenUnderTheKwk() throws Exception {
        byte[] wrapped = wrap(pkcs8());
        wrapped[5] ^= 1;
        try (SecretBytes kwk = SecretBytes.copyOf(KWK)) {
            assertThatThrownBy(() -> WrappedKeyLength.measureInMemory(kwk, wrapped))
                    .hasMessageContaining("does not open under this ceremony's key-wrapping key");
        }
    }

    @Test
    void aVersionTwoPackageMustRecordALengthItsWrappedBytesCanHold() throws Exception {
        // a package KeyCeremony wrote before version 2 (the sample rehearsal of 2026-12-04, kept as a
        // test resource): it still opens, and it is the base of the version-2 variants below
        Map<String, Object> v1 = BackupPackage.toJson(BackupPackage.open(versionOnePackage()));
        assertThat(v1.get("version")).isEqualTo(1L);
        int wrapped = Base64.getDecoder().decode((String) wrapOf(v1).get("wrappedKeyBase64")).length;

        Map<String, Object> fits = asVersionTwo(v1, wrapped - 8 - 3);
        assertThat(BackupPackage.fromJson(fits).plaintextLength()).hasValue(wrapped - 11);
        assertThat(BackupPackage.toJson(BackupPackage.fromJson(fits))).isEqualTo(Json.parseObject(Json.canonical(fits)));

        for (int n : new int[] {wrapped - 8 + 1, wrapped - 16, 0}) {
            assertThatThrownBy(() -> BackupPackage.fromJson(asVersionTwo(v1, n))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("wrap.plaintextLength " + n + " does not fit the " + wrapped + " wrapped bytes");
        }
        Map<String, Object> missing = asVersionTwo(v1, 1);
        wrapOf(missing).remove("plaintextLength");
        assertThatThrownBy(() -> BackupPackage.fromJson(missing)).hasMessage("backup package: field wrap.plaintextLength is missing.");
        Map<String, Object> future = asVersionTwo(v1, wrapped - 8);
        future.put("version", 3L);
        assertThatThrownBy(() -> BackupPackage.fromJson(future)).hasMessageContaining("version 3 is not one this KeyCeremony reads");
    }

    private static byte[] versionOnePackage() throws java.io.IOException {
        try (java.io.InputStream in = WrappedKeyLengthTest.class.getResourceAsStream("version-1-package.kcbackup")) {
            return in.readAllBytes();
        }
    }

    private static Map<String, Object> asVersionTwo(Map<String, Object> v1, long n) throws Exception {
        Map<String, Object> copy = new LinkedHashMap<>(Json.parseObject(Json.canonical(v1)));
        Map<String, Object> wrap = new LinkedHashMap<>(wrapOf(copy));
        wrap.put("plaintextLength", n);
        copy.put("wrap", wrap);
        copy.put("version", 2L);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wrapOf(Map<String, Object> o) {
        return (Map<String, Object>) o.get("wrap");
    }
}
