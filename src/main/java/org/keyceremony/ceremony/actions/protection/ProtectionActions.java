package org.keyceremony.ceremony.actions.protection;

import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.EcCurve;
import org.keyceremony.hsm.HsmPrivateKey;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyPairSpec;
import org.keyceremony.hsm.KeyProtection;
import org.keyceremony.hsm.KeyProtectionProof;
import org.keyceremony.hsm.ProtectionCheck;
import org.keyceremony.hsm.TokenFlags;
import org.keyceremony.script.Action;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.facts.HsmFacts;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * check-key-protection and seal-root-key: who can take a key out of the HSM
 * (docs/threat-model.md). Before any key exists the token proves, on throw-away keys, that it
 * enforces trusted-only wrapping and a one-way CKA_EXTRACTABLE; once the backup is proven the
 * root key is made non-extractable, read back, and attacked the way a single PIN holder would.
 */
public final class ProtectionActions {
    private ProtectionActions() {
    }

    /** The kind of throw-away key the probe uses: the root's family, at the smallest size KeyCeremony allows. */
    static KeyPairSpec probeSpec(StepContext ctx) {
        Optional<KeyPolicy> k = ctx.ceremony().script().policy().key();
        if (k.isPresent() && k.get().algorithm() == KeyAlgorithm.RSA) {
            return new KeyPairSpec.Rsa(3072);
        }
        return k.map(KeyActions::spec).orElse(new KeyPairSpec.Ec(EcCurve.P256));
    }

    /** True if a step of this ceremony needs the security officer on the HSM (the trusted wrap). */
    static boolean needsSecurityOfficer(StepContext ctx) {
        return ctx.ceremony().script().steps().stream().anyMatch(s -> s.action() instanceof Action.WrapRootKey);
    }

    public record CheckKeyProtection() implements ActionHandler<Action.CheckKeyProtection> {
        public Class<Action.CheckKeyProtection> actionType() {
            return Action.CheckKeyProtection.class;
        }

        public HsmFacts.CheckKeyProtection perform(Action.CheckKeyProtection action, StepContext ctx)
                throws KeyCeremonyException {
            HsmToken token = HsmActions.connection(ctx, action.token()).token();
            Optional<String> soPin = Optional.empty();
            if (needsSecurityOfficer(ctx) && action.token() == TokenRef.HSM) {
                TokenFlags flags = token.currentInfo().flags();
                if (flags.soPinLocked()) {
                    throw new KeyCeremonyException("The security officer's PIN of " + token.info().describe() + " is "
                            + "locked, and step " + wrapStep(ctx) + " needs the security officer to wrap the root key. "
                            + "Nothing was created. Have the SO PIN unlocked by the HSM vendor's procedure (or use "
                            + "another HSM), then retry this step.");
                }
                soPin = Optional.of(PinState.ofSecurityOfficer(flags).name().toLowerCase(java.util.Locale.ROOT));
            }
            KeyProtectionProof proof = token.proveKeyProtection(probeSpec(ctx));
            if (!proof.allHeld()) {
                throw new KeyCeremonyException(token.info().describe() + " does not enforce what the root key's "
                        + "protection relies on: " + proof.failures().stream().map(ProtectionCheck::describe)
                        .collect(Collectors.joining("; ")) + ". Nothing was created. With this HSM one PIN holder "
                        + "could take the root key out; use an HSM that enforces CKA_WRAP_WITH_TRUSTED and a one-way "
                        + "CKA_EXTRACTABLE (docs/threat-model.md), or stop the ceremony.");
            }
            return new HsmFacts.CheckKeyProtection(token.info().serial(), soPin,
                    proof.probeKey() + " (session objects, destroyed)", List.copyOf(proof.mechanisms()),
                    proof.checks().stream().map(ProtectionCheck::describe).toList(), true);
        }

        private static String wrapStep(StepContext ctx) {
            return ctx.ceremony().script().steps().stream().filter(s -> s.action() instanceof Action.WrapRootKey)
                    .map(s -> s.id()).findFirst().orElse("?");
        }
    }

    public record SealRootKey() implements ActionHandler<Action.SealRootKey> {
        public Class<Action.SealRootKey> actionType() {
            return Action.SealRootKey.class;
        }

        public HsmFacts.SealRootKey perform(Action.SealRootKey action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            HsmToken token = HsmActions.connection(ctx, action.token()).token();
            HsmPrivateKey key = token.privateKey(HexFormat.of().parseHex(k.idHex()));
            java.security.cert.X509Certificate root = KeyActions.rootCertificate(ctx, k, token);
            KeyProtection before = token.keyProtection(key);
            KeyProtection after = token.makeUnextractable(key);
            List<String> refused = token.refusedWraps(key);
            boolean rsa = k.algorithm() == KeyAlgorithm.RSA;
            return new HsmFacts.SealRootKey(token.info().serial(), key.label(), key.idHex(), k.algorithm().name(),
                    rsa ? Optional.of(String.valueOf(k.rsaBits())) : Optional.empty(),
                    rsa ? Optional.empty() : Optional.of(k.curve()),
                    org.keyceremony.base.Digests.sha256Hex(root.getPublicKey().getEncoded()),
                    List.copyOf(before.describe()), List.copyOf(after.describe()), before.extractable().orElse(true),
                    List.copyOf(refused), false);
        }
    }
}
