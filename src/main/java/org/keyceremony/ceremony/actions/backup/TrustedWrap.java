package org.keyceremony.ceremony.actions.backup;

import org.keyceremony.hsm.PinHolder;
import org.keyceremony.ceremony.actions.session.HsmConnection;
import org.keyceremony.ceremony.actions.session.PinTries;
import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmPrivateKey;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyType;
import org.keyceremony.hsm.UnwrapTarget;
import org.keyceremony.hsm.WrappedKey;
import org.keyceremony.hsm.WrappingKey;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Wraps the root key under the new KWK with two people: the root key (and the temporary copy a
 * rotation makes) is CKA_WRAP_WITH_TRUSTED, so only a key the HSM's security officer marked
 * CKA_TRUSTED wraps it, and the user PIN holder alone cannot make one.
 *
 * <p>PKCS#11 keeps one login per token and application: the administrator is logged out, the
 * security officer logs in and loads the KWK as a trusted public session object, logs out, and
 * the administrator logs in again (private-object handles die with a logout, so the key is
 * found anew). The trusted KWK and any temporary copy are destroyed before this returns, whether
 * the wrap worked or not; being session objects, a crash destroys them too.
 */
final class TrustedWrap {
    /** The SO's PIN holder name for {@code token}: {@code hsm-so}. */
    static String securityOfficer(TokenRef token) {
        return token.yamlName() + "-so";
    }

    /** What is wrapped: the root key in the HSM, or a temporary copy opened from the current backup. */
    sealed interface Source permits FromHsm, FromBackup {
        String describe();
    }

    record FromHsm(byte[] keyId) implements Source {
        public String describe() {
            return "the root key in the HSM (CKA_ID " + HexFormat.of().formatHex(keyId) + ")";
        }
    }

    record FromBackup(LoadedBackup backup, SecretBytes rebuiltKwk) implements Source {
        public String describe() {
            return "a temporary session copy opened from the current backup " + backup.file().getFileName()
                    + " (SHA-256 " + backup.sha256() + ") with the rebuilt key-wrapping key";
        }
    }

    static Source fromHsm(byte[] keyId) {
        return new FromHsm(keyId);
    }

    static Source fromBackup(LoadedBackup backup, SecretBytes rebuiltKwk) {
        return new FromBackup(backup, rebuiltKwk);
    }

    /** The wrapped key and what was wrapped. */
    record Result(WrappedKey wrapped, String source) {
    }

    private TrustedWrap() {
    }

    static Result wrap(StepContext ctx, HsmConnection connection, TokenRef ref, SecretBytes newKwk, Source source)
            throws KeyCeremonyException {
        HsmToken token = connection.token();
        WrappingKey trusted = trustedKwk(ctx, token, ref, newKwk);
        HsmPrivateKey copy = null;
        try {
            loginAgain(ctx, token, ref);
            HsmPrivateKey key;
            if (source instanceof FromBackup b) {
                copy = openCopy(token, b);
                key = copy;
            } else {
                key = token.privateKey(((FromHsm) source).keyId());
            }
            return new Result(token.wrapPrivateKey(trusted, key), source.describe());
        } finally {
            destroy(token, copy == null ? null : copy.handle());
            destroy(token, trusted.handle());
        }
    }

    /** The administrator out, the security officer in to load the trusted KWK, and out again. */
    private static WrappingKey trustedKwk(StepContext ctx, HsmToken token, TokenRef ref, SecretBytes kwk)
            throws KeyCeremonyException {
        String so = securityOfficer(ref);
        PinState state = PinTries.checkSecurityOfficerBeforeLogin(ctx, token, so);
        token.logout();
        try (Pin pin = ctx.pin(so, state)) {
            token.loginSecurityOfficer(pin);
        }
        try {
            return token.importTrustedWrappingKey(kwk);
        } finally {
            token.logout();
        }
    }

    /** The administrator logs in again; until then nothing of the user's is usable. */
    private static void loginAgain(StepContext ctx, HsmToken token, TokenRef ref) throws KeyCeremonyException {
        ctx.notice("The security officer is logged out. Administrator, log in to the HSM again.");
        PinState state = PinTries.checkBeforeLogin(ctx, token, ref.yamlName());
        try (Pin pin = ctx.pin(ref.yamlName(), state)) {
            token.login(pin, PinHolder.administrator());
        }
    }

    /**
     * The current backup opened with the rebuilt KWK into an extractable, trusted-wrap-only
     * session object, proven by a signature against the backup's root certificate.
     */
    private static HsmPrivateKey openCopy(HsmToken token, FromBackup b) throws KeyCeremonyException {
        BackupMetadata m = b.backup().metadata();
        KeyType type = "RSA".equals(m.keyAlgorithm()) ? KeyType.RSA : KeyType.EC;
        WrappedKey current = new WrappedKey(m.wrappedKey(), LoadedBackup.mechanism(m), type);
        byte[] copyId = new byte[8];
        new SecureRandom().nextBytes(copyId);
        WrappingKey old = token.importWrappingKey(b.rebuiltKwk());
        try {
            return token.unwrapPrivateKey(old, current, UnwrapTarget.rewrapCopy(m.keyLabel() + " rotation copy", copyId),
                    b.backup().rootCertificate().getPublicKey());
        } finally {
            destroy(token, old.handle());
        }
    }

    private static void destroy(HsmToken token, Long handle) {
        if (handle == null) {
            return;
        }
        try {
            token.destroyObject(handle);
        } catch (HsmException e) {
            // A session object: it dies with the session in any case, and the session ends with the ceremony.
        }
    }
}
