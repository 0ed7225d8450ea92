package org.keyceremony.cards;

import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.Pkcs11Module;
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

    public CustodianCards(Pkcs11Module module) {
        this.module = module;
    }

    /**
     * The card {@code ref} has been inserted: opens the one session of this insertion, not yet
     * logged in (so that its PIN counters can be read before anyone types the PIN). The caller
     * closes it when the custodian's turn ends.
     */
    public CardSession insert(CardRef ref) throws HsmException {
        return new CardSession(ref.open(module));
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
