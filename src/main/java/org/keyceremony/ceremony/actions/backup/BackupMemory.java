package org.keyceremony.ceremony.actions.backup;

import org.keyceremony.script.ActionTraits;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.WrappedKey;
import org.keyceremony.script.SharingPolicy;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.SecretBytes;


/**
 * The memory-only state of a backup under way: the KWK, the KWK rebuilt from the custodians'
 * shares, the wrapped root key and the shares, each kept only in memory until zeroize
 * ({@link org.keyceremony.script.ActionTraits}). Read by the steps that need them.
 */
public final class BackupMemory {
    private BackupMemory() {
    }

    /** The wrapped root key kept in memory ({@code wrapped-key}) until the backup is written. */
    record WrappedKeyHolder(WrappedKey wrapped) implements AutoCloseable {
        @Override
        public void close() {
            // Ciphertext under the KWK: not secret by itself, dropped with the rest of the state.
        }

        @Override
        public String toString() {
            return "WrappedKeyHolder[" + wrapped.mechanism() + "]";
        }
    }

    public static SecretBytes kwk(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().memory(ActionTraits.KWK, SecretBytes.class).orElseThrow(() -> lost(ctx, "key-wrapping key"));
    }

    public static ShareDistribution shares(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().memory(ActionTraits.SHARES, ShareDistribution.class)
                .orElseThrow(() -> lost(ctx, "KWK shares"));
    }

    static WrappedKey wrapped(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().memory(ActionTraits.WRAPPED_KEY, WrappedKeyHolder.class)
                .orElseThrow(() -> lost(ctx, "wrapped root key")).wrapped();
    }

    static KeyCeremonyException lost(StepContext ctx, String what) {
        return new KeyCeremonyException("Step " + ctx.step().id() + " needs the " + what + ", which exists only in "
                + "memory and is not there (the application was restarted, or the step that makes it did not run). "
                + "Resume from the key-wrapping-key step: a new KWK will be generated.");
    }

    public static SharingPolicy sharing(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().script().policy().sharing().orElseThrow(() ->
                new KeyCeremonyException("The script has no sharing policy (policy.sharing)."));
    }

    /**
     * The key-wrapping key rebuilt from the custodians' shares ({@code rebuilt-kwk}): the current
     * one in a restore or share rotation, kept apart from a newly generated {@code kwk}.
     */
    public static SecretBytes rebuiltKwk(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().memory(ActionTraits.REBUILT_KWK, SecretBytes.class).orElseThrow(() ->
                new KeyCeremonyException("Step " + ctx.step().id() + " needs the key-wrapping key rebuilt from the "
                        + "custodians' shares, which exists only in memory and is not there (the application was "
                        + "restarted, or it was wiped). Resume from the step that reads the shares."));
    }


}
