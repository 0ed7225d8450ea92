package org.keyceremony.ceremony.actions.restore;

import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.ceremony.actions.backup.BackupLoading;
import org.keyceremony.ceremony.actions.backup.BackupMemory;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.HsmRollbacks;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.backup.LoadedBackup;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.hsm.HsmPrivateKey;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyType;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.SignatureAlgorithm;
import org.keyceremony.hsm.UnwrapTarget;
import org.keyceremony.hsm.WrappedKey;
import org.keyceremony.hsm.WrappingKey;
import org.keyceremony.script.Action;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.base.KeyCeremonyException;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * unwrap-into-hsm and verify-restored-key: the root key back into a token from its backup,
 * with its original label and ID, sensitive and not extractable, its certificate beside it,
 * and proven by a fresh signature.
 */
public final class RestoreActions {
    private RestoreActions() {
    }

    static SignatureAlgorithm proofAlgorithm(KeyType type) {
        return type == KeyType.RSA ? SignatureAlgorithm.SHA256_WITH_RSA : SignatureAlgorithm.SHA384_WITH_ECDSA;
    }

    public record UnwrapIntoHsm() implements ActionHandler<Action.UnwrapIntoHsm> {
        public Class<Action.UnwrapIntoHsm> actionType() {
            return Action.UnwrapIntoHsm.class;
        }

        public RestoreFacts.UnwrapIntoHsm perform(Action.UnwrapIntoHsm action, StepContext ctx) throws KeyCeremonyException {
            LoadedBackup b = BackupLoading.loaded(ctx);
            BackupMetadata m = b.metadata();
            HsmToken token = HsmActions.connection(ctx, action.token()).token();
            X509Certificate cert = b.rootCertificate();
            byte[] id = HexFormat.of().parseHex(m.keyIdHex());
            KeyType type = "RSA".equals(m.keyAlgorithm()) ? KeyType.RSA : KeyType.EC;
            WrappedKey wrapped = new WrappedKey(m.wrappedKey(), LoadedBackup.mechanism(m), type);
            // Checked again here, logged in (private objects are visible now), and before the
            // removals are registered: a removal registered for a label or ID that is already
            // taken would destroy somebody else's object on an abort.
            token.requireUnused(m.keyLabel(), id);
            RegisteredRollback key = KeyActions.registerDestroy(ctx, action.token(), token, ObjectClass.PRIVATE_KEY,
                    m.keyLabel(), m.keyIdHex(), "restored root private key");
            RegisteredRollback certificate = KeyActions.registerDestroy(ctx, action.token(), token,
                    ObjectClass.CERTIFICATE, m.keyLabel(), m.keyIdHex(), "root certificate object");
            long t0 = System.nanoTime();
            WrappingKey kwkObject = token.importWrappingKey(BackupMemory.rebuiltKwk(ctx));
            HsmPrivateKey restored;
            try {
                restored = token.unwrapPrivateKey(kwkObject, wrapped, UnwrapTarget.restore(m.keyLabel(), id),
                        cert.getPublicKey());
            } finally {
                token.destroyObject(kwkObject.handle());
            }
            ctx.recordCreated(key, HsmRollbacks.keyIdentity(cert.getPublicKey()));
            long unwrapMs = (System.nanoTime() - t0) / 1_000_000;
            token.storeCertificate(cert, m.keyLabel(), id);
            ctx.recordCreated(certificate, Map.of("sha256", Digests.sha256Hex(KeyActions.encoded(cert))));
            // Found again from scratch: by CKA_ID, then proven against the certificate's public key.
            HsmPrivateKey again = token.privateKey(id);
            if (again.handle() != restored.handle() || !again.label().equals(m.keyLabel())) {
                throw new KeyCeremonyException("The restored key cannot be found again by its ID " + m.keyIdHex()
                        + " on " + token.info().describe() + ". Abort the ceremony (the restored objects are removed).");
            }
            token.proveKeyPair(again, cert.getPublicKey(), proofAlgorithm(type));
            boolean rsa = type == KeyType.RSA;
            KeyFacts.Key keyFacts = new KeyFacts.Key(m.keyLabel(), m.keyIdHex(), m.keyAlgorithm(),
                    rsa ? Optional.of(m.keyParameters()) : Optional.empty(),
                    rsa ? Optional.empty() : Optional.of(m.keyParameters()), m.spkiSha256(),
                    KeyActions.attributes(token.keyProtection(again)));
            return new RestoreFacts.UnwrapIntoHsm(token.info().serial(), token.info().label(), keyFacts,
                    wrapped.mechanism().ckmName(), "RFC 5649", unwrapMs, true, true, true);
        }
    }

    public record VerifyRestoredKey() implements ActionHandler<Action.VerifyRestoredKey> {
        public Class<Action.VerifyRestoredKey> actionType() {
            return Action.VerifyRestoredKey.class;
        }

        public RestoreFacts.VerifyRestoredKey perform(Action.VerifyRestoredKey action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            HsmToken token = HsmActions.connection(ctx, action.token()).token();
            X509Certificate cert = KeyActions.readCertificate(KeyActions.rootCertificateFile(ctx, k), null);
            HsmPrivateKey key = token.privateKey(HexFormat.of().parseHex(k.idHex()));
            SignatureAlgorithm alg = proofAlgorithm(key.keyType());
            byte[] challenge = token.generateRandom(32);
            byte[] signature = token.sign(key, alg, challenge);
            boolean valid;
            try {
                Signature v = Signature.getInstance(alg.jcaName());
                v.initVerify(cert.getPublicKey());
                v.update(challenge);
                valid = v.verify(signature);
            } catch (GeneralSecurityException e) {
                valid = false;
            }
            if (!valid) {
                throw new KeyCeremonyException("The restored key '" + key.label() + "' on " + token.info().describe()
                        + " signed a fresh challenge, but the signature does not verify with the root certificate. "
                        + "Do not use it: abort the ceremony (the restored objects are removed).");
            }
            return new RestoreFacts.VerifyRestoredKey(token.info().serial(), k.idHex(), Digests.sha256Hex(challenge),
                    alg.jcaName(), cert.getSubjectX500Principal().toString(), true);
        }
    }
}
