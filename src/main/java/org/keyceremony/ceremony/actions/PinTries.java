package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.base.KeyCeremonyException;
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
     * @throws HsmException the PIN is locked: no try is made
     * @return what the token reports, for the PIN prompt (a GUI shows "final try" above the field)
     * @throws KeyCeremonyException the holder did not confirm spending the final try
     */
    static PinState checkBeforeLogin(StepContext ctx, HsmToken token, String holder) throws KeyCeremonyException {
        return check(ctx, token, holder, PinState.of(token.currentInfo().flags()), "PIN");
    }

    /** As {@link #checkBeforeLogin}, for the security officer's PIN (its own counters). */
    static PinState checkSecurityOfficerBeforeLogin(StepContext ctx, HsmToken token, String holder)
            throws KeyCeremonyException {
        return check(ctx, token, holder, PinState.ofSecurityOfficer(token.currentInfo().flags()), "SO PIN");
    }

    private static PinState check(StepContext ctx, HsmToken token, String holder, PinState state, String pin)
            throws KeyCeremonyException {
        String who = token.info().describe();
        if (state == PinState.LOCKED) {
            throw new HsmException("The " + pin + " of " + who + " (" + holder + ") is locked: no try was made. "
                    + (pin.equals("PIN") ? "The security officer must unlock or replace the token; its share is "
                    + "unavailable until then." : "Unlock it by the HSM vendor's procedure, then retry the step."));
        }
        if (state == PinState.FINAL_TRY) {
            ctx.notice("WARNING: " + who + " (" + holder + ") has ONE " + pin + " try left. A wrong " + pin
                    + " now locks it for good.");
            String answer = ctx.value("type " + SPEND_FINAL_TRY + " to use the final " + pin + " try of " + who
                    + " (anything else stops here)").strip();
            if (!answer.equals(SPEND_FINAL_TRY)) {
                throw new KeyCeremonyException("The final " + pin + " try of " + who + " (" + holder + ") was not used: "
                        + "the holder did not confirm. Nothing was tried; retry the step when the holder is sure of the "
                        + pin + ".");
            }
        } else if (state == PinState.COUNT_LOW) {
            ctx.notice("Caution: " + who + " (" + holder + ") reports that few " + pin + " tries remain. Type the "
                    + pin + " carefully.");
        }
        return state;
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
