package org.keyceremony.ceremony.actions.session;

import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CardRef;
import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;

/**
 * Reads a token's PIN counters (CK_TOKEN_INFO flags) before anyone types a PIN, because a
 * wrong PIN typed on the final try locks the card for good: a locked PIN is refused without a
 * try, a final try is spent only after the holder confirms, a low count is announced.
 */
public final class PinTries {
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
    public static PinState checkBeforeLogin(StepContext ctx, HsmToken token, String holder) throws KeyCeremonyException {
        return check(ctx, token.info().describe(), holder, PinState.of(token.currentInfo().flags()), "PIN");
    }

    /** As {@link #checkBeforeLogin}, for the security officer's PIN (its own counters). */
    public static PinState checkSecurityOfficerBeforeLogin(StepContext ctx, HsmToken token, String holder)
            throws KeyCeremonyException {
        return check(ctx, token.info().describe(), holder, PinState.ofSecurityOfficer(token.currentInfo().flags()),
                "SO PIN");
    }

    private static PinState check(StepContext ctx, String who, String holder, PinState state, String pin)
            throws KeyCeremonyException {
        if (state == PinState.LOCKED) {
            throw new HsmException("The " + pin + " of " + who + " (" + holder + ") is locked: no try was made. "
                    + (pin.equals("PIN") ? "The security officer must unlock or replace the token; its share is "
                    + "unavailable until then." : "Unlock it by the HSM vendor's procedure, then retry the step."));
        }
        if (state == PinState.FINAL_TRY) {
            ctx.notice("WARNING: " + who + " (" + holder + ") has ONE " + pin + " try left. A wrong " + pin
                    + " now locks it for good.");
            String answer = ctx.valueOrEmpty("type " + SPEND_FINAL_TRY + " to use the final " + pin + " try of " + who
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
     * Logs the custodian in on the card just inserted ({@code holder}: its label or serial, as the
     * PIN is asked for), the one login of this insertion: the card's PIN counters are read first
     * in the same session, so a locked card is refused without a try and a final try needs the
     * holder's confirmation; then the PIN is asked with that state, used for the login and wiped
     * at once, whether the login succeeded or not.
     */
    public static void logIn(StepContext ctx, CardSession card, String holder) throws KeyCeremonyException {
        TokenInfo now = card.currentInfo();
        PinState state = check(ctx, now.describe(), holder, PinState.of(now.flags()), "PIN");
        try (Pin pin = ctx.pin(holder, state)) {
            card.logIn(pin);
        }
    }

    /** Opens the card by label, or by serial if no label matches. */
    public static CardRef cardRef(String labelOrSerial) {
        return labelOrSerial.matches("[0-9a-fA-F]{6,}") ? CardRef.bySerial(labelOrSerial) : CardRef.byLabel(labelOrSerial);
    }
}
