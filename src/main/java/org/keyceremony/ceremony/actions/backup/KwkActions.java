package org.keyceremony.ceremony.actions.backup;

import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.HsmConnection;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.base.Digests;
import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.WrappedKey;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkDerivation;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** generate-kwk and wrap-root-key: the KWK made in memory, and the root key wrapped under it. */
public final class KwkActions {
    private KwkActions() {
    }

    public record GenerateKwk() implements ActionHandler<Action.GenerateKwk> {
        public Class<Action.GenerateKwk> actionType() {
            return Action.GenerateKwk.class;
        }

        public BackupFacts.GenerateKwk perform(Action.GenerateKwk action, StepContext ctx) throws KeyCeremonyException {
            HsmToken token = HsmActions.connection(ctx, TokenRef.HSM).token();
            SecretBytes kwk;
            try (SecretBytes hsmRandom = SecretBytes.adopt(token.generateRandom(KwkDerivation.LENGTH))) {
                kwk = KwkDerivation.generate(hsmRandom, new SecureRandom());
            }
            ctx.ceremony().keepInMemory(ActionTraits.KWK, kwk);
            return new BackupFacts.GenerateKwk("AES-256", List.of("HSM C_GenerateRandom (" + token.info().serial() + ")",
                    "JVM SecureRandom"), "HKDF-SHA256 (docs/formats.md, KWK derivation)", true);
        }
    }

    /**
     * wrap-root-key: the root key under the KWK, wrapped under a key only the security officer
     * can make trusted ({@link TrustedWrap}). In a root key generation the key in the HSM is
     * wrapped (it is extractable until seal-root-key); in a share rotation the key in the HSM is
     * sealed, so the current backup is opened with the rebuilt key into a temporary extractable
     * session object, proven against the root certificate, wrapped, and destroyed.
     */
    public record WrapRootKey() implements ActionHandler<Action.WrapRootKey> {
        public Class<Action.WrapRootKey> actionType() {
            return Action.WrapRootKey.class;
        }

        public BackupFacts.WrapRootKey perform(Action.WrapRootKey action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            HsmConnection connection = HsmActions.connection(ctx, TokenRef.HSM);
            boolean rotation = ctx.ceremony().script().metadata().kind() == CeremonyKind.SHARE_ROTATION;
            TrustedWrap.Source source = rotation ? TrustedWrap.fromBackup(BackupLoading.loaded(ctx), BackupMemory.rebuiltKwk(ctx))
                    : TrustedWrap.fromHsm(HexFormat.of().parseHex(k.idHex()));
            TrustedWrap.Result r = TrustedWrap.wrap(ctx, connection, TokenRef.HSM, BackupMemory.kwk(ctx), source);
            WrappedKey wrapped = r.wrapped();
            ctx.ceremony().keepInMemory(ActionTraits.WRAPPED_KEY, new BackupMemory.WrappedKeyHolder(wrapped));
            return new BackupFacts.WrapRootKey(wrapped.mechanism().ckmName(), "RFC 5649", wrapped.blob().length,
                    Digests.sha256Hex(wrapped.blob()), Optional.of(r.source()),
                    Optional.of("the new KWK, loaded as a session object marked CKA_TRUSTED by the security officer"),
                    Optional.of(true), Optional.of(true), true, rotation ? Optional.of(true) : Optional.empty());
        }
    }
}
