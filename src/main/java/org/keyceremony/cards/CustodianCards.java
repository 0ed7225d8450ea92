package org.keyceremony.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.hsm.TokenNotFoundException;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareSetId;

/**
 * Custodian cards: PKCS#11 tokens (smart cards, or SoftHSM2 tokens in rehearsals) that each
 * hold a share envelope as a private, unmodifiable CKO_DATA object with CKA_APPLICATION
 * {@value #APPLICATION}. A card is used through a {@link CardSession}: one per insertion, with
 * one login, closed when the custodian's turn ends.
 */
public final class CustodianCards {
    /** CKA_APPLICATION of every share object. */
    public static final String APPLICATION = "keyceremony";
    /** Start of every share object's label: {@code keyceremony-share <set> #<n>}. */
    public static final String LABEL_PREFIX = "keyceremony-share ";

    private final Pkcs11Module module;
    private final Set<String> notCards;

    public CustodianCards(Pkcs11Module module) {
        this(module, Set.of());
    }

    /**
     * @param notCards the serials of the tokens the ceremony uses as an HSM: never offered or
     *                 accepted as a custodian card, even where HSM and cards share a PKCS#11 library
     *                 (SoftHSM2 in a rehearsal, a card reader on the HSM's laptop)
     */
    public CustodianCards(Pkcs11Module module, Set<String> notCards) {
        this.module = module;
        this.notCards = Set.copyOf(notCards);
    }

    /**
     * The card {@code ref} has been inserted: opens the one session of this insertion, not yet
     * logged in (so that its PIN counters can be read before anyone types the PIN). The caller
     * closes it when the custodian's turn ends. A card that is not there, or a token the ceremony
     * uses as its HSM, is refused with {@link CardNotPresentException}, naming the cards present.
     */
    public CardSession insert(CardRef ref) throws HsmException {
        HsmToken token;
        try {
            token = ref.open(module);
        } catch (TokenNotFoundException e) {
            throw new CardNotPresentException("There is no " + ref + ". " + cardsPresent());
        }
        if (notCards.contains(token.info().serial())) {
            String described = "The token " + token.info().describe();
            token.close();
            throw new CardNotPresentException(described + " is this ceremony's HSM, not a custodian card: a share is "
                    + "never written to or read from the HSM. " + cardsPresent());
        }
        return new CardSession(token);
    }

    /** The cards present, as the people should hear them: the ceremony's HSMs left out. */
    private String cardsPresent() throws HsmException {
        List<String> cards = new ArrayList<>();
        for (TokenInfo t : module.tokens()) {
            if (t.flags().initialized() && !notCards.contains(t.serial())) {
                cards.add("card " + t.describe());
            }
        }
        return cards.isEmpty() ? "No custodian card is present: insert the custodian's card." : "Cards present: "
                + String.join(", ", cards) + ". Insert the custodian's own card and give its label or serial.";
    }

    /** The object label of an envelope: {@code keyceremony-share 1a2b3c4d #2}. */
    public static String objectLabel(ShareEnvelope e) {
        return labelPrefix(e.setId()) + "#" + e.number();
    }

    /** The words an operator must confirm before a share set is erased from a card. */
    public static String erasureConfirmation(ShareSetId set) {
        return "erase share set " + set.shortHex();
    }

    static String labelPrefix(ShareSetId set) {
        return LABEL_PREFIX + set.shortHex() + " ";
    }
}
