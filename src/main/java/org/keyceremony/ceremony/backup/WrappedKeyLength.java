package org.keyceremony.ceremony.backup;

import java.io.IOException;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;

/**
 * The exact length of the PKCS#8 key inside a backup's wrapped key, which the package records
 * ({@code wrap.plaintextLength}, docs/formats.md "Backup package").
 *
 * <p>Why it must be measured: RFC 5649 carries the length the HSM gave it, and that is not always
 * the key's. SoftHSM 2.6 zero-pads every key it wraps to a multiple of 8 bytes before the wrap,
 * even under CKM_AES_KEY_WRAP_PAD (SoftHSM.cpp, WrapKeySym; 2.7 pads only for CKM_AES_KEY_WRAP),
 * so a strict reader finds 1 to 7 zero bytes after the DER. The length is known only from the
 * plaintext, so it is measured once, while the package is made, with the key-wrapping key that
 * the ceremony holds at that moment anyway.
 */
public final class WrappedKeyLength {
    /** RFC 5649 pads to 8-byte semiblocks: fewer than this many zero bytes may follow the key. */
    public static final int SEMIBLOCK = 8;

    private WrappedKeyLength() {
    }

    /**
     * DANGEROUS: opens {@code wrapped} in this process's memory with {@code kwk} (plain RFC 5649),
     * so the root private key exists here, outside the HSM, for the length of this call. Use it
     * only where the caller already holds the KWK, which opens the package just as well.
     * Returns the exact length N of the PKCS#8 DER, after checking that the plaintext is that DER
     * (a strict parse: PrivateKeyInfo, in DER, nothing after it) followed by fewer than 8 zero
     * bytes. The plaintext is wiped before this returns; only the number leaves it.
     */
    public static int measureInMemory(SecretBytes kwk, byte[] wrapped) throws KeyCeremonyException {
        byte[] key = kwk.reveal();
        byte[] plain = null;
        byte[] exact = null;
        KeyParameter param = null;
        try {
            param = new KeyParameter(key);
            RFC5649WrapEngine engine = new RFC5649WrapEngine(AESEngine.newInstance());
            engine.init(false, param);
            try {
                plain = engine.unwrap(wrapped, 0, wrapped.length);
            } catch (InvalidCipherTextException e) {
                throw new KeyCeremonyException("The wrapped root key does not open under this ceremony's key-wrapping "
                        + "key with plain RFC 5649: the HSM's wrap is not what the backup format says. Nothing was "
                        + "written; abort and report the HSM model and firmware.");
            }
            int n = derLength(plain);
            if (n > plain.length || plain.length - n >= SEMIBLOCK) {
                throw new KeyCeremonyException("The wrapped root key is " + plain.length + " bytes but its PKCS#8 "
                        + "encoding says " + n + ": more than padding to 8 bytes. Nothing was written; abort and "
                        + "report the HSM model and firmware.");
            }
            for (int i = n; i < plain.length; i++) {
                if (plain[i] != 0) {
                    throw new KeyCeremonyException("The wrapped root key has non-zero bytes after its PKCS#8 "
                            + "encoding. Nothing was written; abort and report the HSM model and firmware.");
                }
            }
            exact = Arrays.copyOf(plain, n);
            strictPkcs8(exact);
            return n;
        } finally {
            Wipe.bytes(key, plain, exact);
            if (param != null) {
                Wipe.bytes(param.getKey());
            }
        }
    }

    /** The length of the DER element at the start of {@code der} (tag, length octets and content). */
    static int derLength(byte[] der) throws KeyCeremonyException {
        if (der.length < 2 || der[0] != 0x30) {
            throw notPkcs8("it does not start with a DER SEQUENCE");
        }
        int first = der[1] & 0xff;
        if (first < 0x80) {
            return 2 + first;
        }
        int octets = first & 0x7f;
        if (octets == 0 || octets > 3 || der.length < 2 + octets) {
            throw notPkcs8("its outer length is not a definite DER length");
        }
        int content = 0;
        for (int i = 0; i < octets; i++) {
            content = (content << 8) | (der[2 + i] & 0xff);
        }
        return 2 + octets + content;
    }

    private static void strictPkcs8(byte[] exact) throws KeyCeremonyException {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(exact);
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(p);
            if (!Arrays.equals(info.getEncoded(ASN1Encoding.DER), exact)) {
                throw notPkcs8("it is not in DER (a strict reader re-encodes it differently)");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw notPkcs8("it does not parse as a PKCS#8 PrivateKeyInfo");
        }
    }

    private static KeyCeremonyException notPkcs8(String why) {
        return new KeyCeremonyException("The wrapped root key is not a PKCS#8 key that any reader can load: " + why
                + ". Nothing was written; abort and report the HSM model and firmware.");
    }

    /**
     * Refuses a recorded length that the wrapped bytes cannot hold: RFC 5649 output is 8 bytes of
     * integrity block plus the plaintext padded to a multiple of 8, so N must give exactly the
     * wrapped length (whether or not the HSM padded the key itself first).
     */
    public static void checkAgainstWrapped(long n, int wrappedLength) throws InvalidInputException {
        if (n < 1 || SEMIBLOCK + (n + SEMIBLOCK - 1) / SEMIBLOCK * SEMIBLOCK != wrappedLength) {
            throw new InvalidInputException("backup package: wrap.plaintextLength " + n + " does not fit the "
                    + wrappedLength + " wrapped bytes (RFC 5649 gives 8 + N rounded up to a multiple of 8): the "
                    + "package was altered or not made by KeyCeremony.");
        }
    }
}
