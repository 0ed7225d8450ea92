package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.PinLockedException;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenFlags;
import org.keyceremony.secret.KeyCeremonyException;
import org.keyceremony.secret.Pin;

/**
 * Reads a token's PIN counters (CK_TOKEN_INFO flags) before anyone types a PIN, because a
 * wrong PIN typed on the final try locks the card for good: a locked PIN is refused without a
 * try, a final try is spent only after the holder confirms, a low count is announced.
 */
final class PinTries {
    /** What the holder types to spend the final try. */
    static final String SPEND_FINAL_TRY = "YES";

    private PinTries() {
    }

    /**
     * @param holder who types the PIN ({@code hsm}, {@code card-2}), named in the messages
     * @throws PinLockedException the PIN is locked: no try is made
     * @return what the token reports, for the PIN prompt (a GUI shows "final try" above the field)
     * @throws KeyCeremonyException the holder did not confirm spending the final try
     */
    static PinState checkBeforeLogin(StepContext ctx, HsmToken token, String holder) throws KeyCeremonyException {
        TokenFlags flags = token.currentInfo().flags();
        String who = token.info().describe();
        if (flags.userPinLocked()) {
            throw new PinLockedException("The PIN of " + who + " (" + holder + ") is locked: no try was made. "
                    + "The security officer must unlock or replace the token; its share is unavailable until then.");
        }
        if (flags.userPinFinalTry()) {
            ctx.notice("WARNING: " + who + " (" + holder + ") has ONE PIN try left. A wrong PIN now locks it for good.");
            String answer = ctx.value("type " + SPEND_FINAL_TRY + " to use the final PIN try of " + who
                    + " (anything else stops here)").strip();
            if (!answer.equals(SPEND_FINAL_TRY)) {
                throw new KeyCeremonyException("The final PIN try of " + who + " (" + holder + ") was not used: the holder"
                        + " did not confirm. Nothing was tried; retry the step when the holder is sure of the PIN.");
            }
        } else if (flags.userPinCountLow()) {
            ctx.notice("Caution: " + who + " (" + holder + ") reports that few PIN tries remain. Type the PIN carefully.");
        }
        return PinState.of(flags);
    }

    /**
     * The PIN of the custodian card {@code card} (label or serial), asked only after its PIN
     * counters were read: a locked card is refused without a try, a final try needs the
     * holder's confirmation, and the prompt carries the state. The caller closes the PIN.
     */
    static Pin cardPin(StepContext ctx, Pkcs11Module cardModule, String card) throws KeyCeremonyException {
        PinState state;
        try (HsmToken check = BackupActions.cardRef(card).open(cardModule)) {
            state = checkBeforeLogin(ctx, check, card);
        }
        return ctx.pin(card, state);
    }
}
