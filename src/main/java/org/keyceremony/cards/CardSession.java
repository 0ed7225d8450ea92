package org.keyceremony.cards;

import static org.keyceremony.cards.CustodianCards.APPLICATION;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.hsm.DataObject;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.PinHolder;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.sharing.ShareSetId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One insertion of a custodian card: one PKCS#11 session and at most one login, in which
 * everything done with the card during the custodian's turn happens — its PIN counters read
 * before the PIN is asked, then the share written and read back, read and verified, or erased.
 * Closing it logs out and ends the session; the turn ends by closing it, also after a failure.
 * Every operation but {@link #currentInfo()} needs the login; every report names the card by
 * label and serial. Not thread-safe: one custodian's turn runs on one thread.
 */
public final class CardSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CardSession.class);

    private final HsmToken token;
    private final CardIdentity card;

    CardSession(HsmToken token) {
        this.token = token;
        this.card = CardIdentity.of(token.info());
    }

    /** The card, as it described itself when it was inserted. */
    public CardIdentity card() {
        return card;
    }

    /** The card's description read now — its PIN counters — without logging in: read it before the PIN is asked. */
    public TokenInfo currentInfo() throws HsmException {
        return token.currentInfo();
    }

    /**
     * The one login of this insertion. The PIN's copy handed to the library is wiped right after
     * the call; the caller wipes {@code pin} itself as soon as this returns, since nothing later
     * in the turn needs it. A second login on the same insertion is refused.
     */
    public void logIn(Pin pin) throws HsmException {
        onCard("its PIN was checked", () -> {
            token.login(pin, PinHolder.custodianOf(token.info().label()));
            return null;
        });
    }

    /** The KeyCeremony objects on the card (public facts only). */
    public CardContents contents() throws HsmException {
        return onCard("its objects were read", this::readContents);
    }

    private CardContents readContents() throws HsmException {
        requireLogin();
        List<StoredShare> shares = new ArrayList<>();
        List<CardContents.Unreadable> unreadable = new ArrayList<>();
        for (DataObject o : token.findDataObjects(APPLICATION)) {
            byte[] value = token.readDataObject(o);
            try (ShareEnvelope e = ShareEnvelopeCodec.decode(value)) {
                shares.add(StoredShare.of(o.label(), e));
            } catch (InvalidInputException e) {
                unreadable.add(new CardContents.Unreadable(o.label(), e.getMessage()));
            } finally {
                Wipe.bytes(value);
            }
        }
        return new CardContents(card, shares, unreadable);
    }

    /**
     * Writes {@code envelope} to the card as a new object (an existing object is never
     * overwritten), reads it back and compares byte for byte before reporting success; a card
     * that returns other bytes has the object destroyed. Refused when the card already holds a
     * share of the same set, or a damaged KeyCeremony object; shares of other sets are kept and
     * reported.
     */
    public ShareWritten write(ShareEnvelope envelope) throws KeyCeremonyException {
        return onCard("share object '" + CustodianCards.objectLabel(envelope) + "' was written", () -> doWrite(envelope));
    }

    private ShareWritten doWrite(ShareEnvelope envelope) throws KeyCeremonyException {
        requireLogin();
        CardContents before = contents();
        if (!before.unreadable().isEmpty()) {
            CardContents.Unreadable u = before.unreadable().get(0);
            throw new CardException(card.describe() + " holds a damaged KeyCeremony object '" + u.objectLabel()
                    + "' (" + u.reason() + "). Nothing was written. Have the card examined; erase that object"
                    + " explicitly before writing a new share to it.");
        }
        for (StoredShare s : before.shares()) {
            if (s.setId().equals(envelope.setId())) {
                throw new CardException(card.describe() + " already holds " + s.describe()
                        + ". A card holds at most one share of a set: nothing was written. Use another card.");
            }
        }
        String label = CustodianCards.objectLabel(envelope);
        try (SecretBytes encoded = ShareEnvelopeCodec.encode(envelope)) {
            byte[] value = encoded.reveal();
            byte[] back = null;
            try {
                token.createDataObject(APPLICATION, label, value);
                DataObject written = findByLabel(label).orElseThrow(() -> new CardException(card.describe()
                        + ": the share object '" + label + "' was created but cannot be found again. Do not use"
                        + " this card; check it with the vendor's tool."));
                back = token.readDataObject(written);
                if (!MessageDigest.isEqual(value, back)) {
                    token.destroyObject(written.handle());
                    throw new CardException(card.describe() + " returned different bytes for share object '" + label
                            + "' than were written. The object was destroyed. Use another card and report this one.");
                }
            } finally {
                Wipe.bytes(value, back);
            }
        }
        StoredShare share = StoredShare.of(label, envelope);
        LOG.info("Wrote {} to {} and read it back identical", share.describe(), card.describe());
        for (StoredShare kept : before.shares()) {
            LOG.warn("{} also holds {}, kept until it is erased explicitly", card.describe(), kept.describe());
        }
        return new ShareWritten(card, share, before.shares());
    }

    /**
     * The card's share of {@code published}'s set, and the only way a share is read from a card:
     * the object found by its label, its envelope decoded with the checksum verified, its set id
     * checked, and its commitment, M, N and KWK check value compared with what is published. A
     * card without exactly one such share, or with a damaged or altered one, is refused in words
     * that name the card and never the share.
     */
    public CardShare readVerified(PublishedShareSet published) throws KeyCeremonyException {
        return onCard("its share was read", () -> doReadVerified(published));
    }

    private CardShare doReadVerified(PublishedShareSet published) throws KeyCeremonyException {
        requireLogin();
        ShareSetId set = published.setId();
        List<DataObject> candidates = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (DataObject o : token.findDataObjects(APPLICATION)) {
            if (o.label().startsWith(CustodianCards.labelPrefix(set))) {
                candidates.add(o);
            } else {
                others.add("'" + o.label() + "'");
            }
        }
        if (candidates.isEmpty()) {
            throw new CardException(card.describe() + " holds no share of set " + set.shortHex() + " (it holds "
                    + (others.isEmpty() ? "no KeyCeremony object" : String.join(", ", others))
                    + "). Check that this is the right custodian's card.");
        }
        if (candidates.size() > 1) {
            throw new CardException(card.describe() + " holds " + candidates.size() + " objects for set "
                    + set.shortHex() + "; a card holds one. Do not use it; record an exception.");
        }
        DataObject object = candidates.get(0);
        ShareEnvelope envelope = decode(object);
        try {
            if (!envelope.setId().equals(set)) {
                throw new CardException(card.describe() + ": object '" + object.label() + "' holds "
                        + envelope.describe() + ", not a share of set " + set.hex() + ". Do not use it; record an "
                        + "exception.");
            }
            try {
                published.verify(envelope);
            } catch (InvalidInputException e) {
                throw new CardException(card.describe() + " holds a corrupt share: " + e.getMessage()
                        + ". Do not use this card; record an exception.", e);
            }
        } catch (CardException e) {
            envelope.close();
            throw e;
        }
        LOG.info("Read {} from {} and found it published", envelope.describe(), card.describe());
        return new CardShare(card, object.label(), envelope);
    }

    /**
     * Destroys the card's share objects of {@code set} (share rotation). {@code confirmation}
     * must be exactly {@link CustodianCards#erasureConfirmation(ShareSetId)}: erasing a share
     * cannot be undone.
     */
    public ShareErased erase(ShareSetId set, String confirmation) throws KeyCeremonyException {
        if (!CustodianCards.erasureConfirmation(set).equals(confirmation)) {
            throw new InvalidInputException("Erasing a share cannot be undone: confirm with exactly '"
                    + CustodianCards.erasureConfirmation(set) + "'. Nothing was erased.");
        }
        return onCard("its share was erased", () -> doErase(set));
    }

    private ShareErased doErase(ShareSetId set) throws KeyCeremonyException {
        requireLogin();
        String prefix = CustodianCards.labelPrefix(set);
        List<String> erased = new ArrayList<>();
        for (DataObject o : token.findDataObjects(APPLICATION)) {
            if (o.label().startsWith(prefix)) {
                token.destroyObject(o.handle());
                erased.add(o.label());
            }
        }
        if (erased.isEmpty()) {
            throw new CardException(card.describe() + " holds no share of set " + set.shortHex()
                    + ": nothing was erased.");
        }
        if (findByLabelPrefix(prefix).isPresent()) {
            throw new CardException(card.describe() + " still shows a share of set " + set.shortHex()
                    + " after erasing it. Check the card with the vendor's tool.");
        }
        LOG.info("Erased {} from {}", erased, card.describe());
        return new ShareErased(card, erased);
    }

    /**
     * Destroys share #{@code number} of {@code set} from the card, and nothing else: the object
     * labelled for it, once its envelope is decoded and found to be that share (and, when
     * {@code commitment} is given, exactly that share). Other shares of the set on the same card
     * (a card wrongly offered for two custodians) and shares of other sets are kept. A card that
     * does not hold it is reported, not an error: {@link ShareErased#objectLabels()} is then empty.
     */
    public ShareErased eraseShare(ShareSetId set, int number, Optional<String> commitment) throws KeyCeremonyException {
        return onCard("share #" + number + " was erased", () -> doEraseShare(set, number, commitment));
    }

    private ShareErased doEraseShare(ShareSetId set, int number, Optional<String> commitment)
            throws KeyCeremonyException {
        requireLogin();
        String label = CustodianCards.labelPrefix(set) + "#" + number;
        List<String> erased = new ArrayList<>();
        for (DataObject o : token.findDataObjects(APPLICATION)) {
            if (!o.label().equals(label)) {
                continue;
            }
            try (ShareEnvelope e = decode(o)) {
                if (!e.setId().equals(set) || e.number() != number) {
                    throw new CardException(card.describe() + ": object '" + label + "' holds " + e.describe()
                            + ", not share #" + number + " of set " + set.shortHex() + "; it was left alone.");
                }
                if (commitment.isPresent() && !e.commitment().hex().equals(commitment.get())) {
                    throw new CardException(card.describe() + ": share #" + number + " of set " + set.shortHex()
                            + " is not the one this ceremony wrote (its commitment differs); it was left alone.");
                }
            }
            token.destroyObject(o.handle());
            erased.add(o.label());
        }
        if (!erased.isEmpty() && findByLabel(label).isPresent()) {
            throw new CardException(card.describe() + " still shows " + label + " after erasing it. Check the card "
                    + "with the vendor's tool.");
        }
        LOG.info("Erased {} from {}", erased, card.describe());
        return new ShareErased(card, erased);
    }

    /** Logs out and ends the session: the end of this card's turn. Never throws. */
    @Override
    public void close() {
        token.close();
    }

    @Override
    public String toString() {
        return "CardSession[" + card.describe() + (token.isLoggedIn() ? ", logged in" : "") + "]";
    }

    /** One operation on the card, which may be pulled out meanwhile. */
    @FunctionalInterface
    private interface CardOperation<T, E extends KeyCeremonyException> {
        T run() throws E;
    }

    /**
     * Runs {@code operation}; when it fails and the card is no longer in its reader, says that
     * instead. Card middleware reports a card pulled in the middle of an operation with any code
     * (OpenSC answers a write cut short with CKR_GENERAL_ERROR, others CKR_DEVICE_REMOVED,
     * CKR_TOKEN_NOT_PRESENT or CKR_SESSION_HANDLE_INVALID): what the custodian must hear is that
     * the card was removed, that the step did not complete, and that a retry checks the card anew.
     */
    private <T, E extends KeyCeremonyException> T onCard(String during, CardOperation<T, E> operation)
            throws E, CardNotPresentException {
        try {
            return operation.run();
        } catch (KeyCeremonyException e) {
            if (!(e instanceof HsmException failure) || e instanceof CardNotPresentException || stillInserted()) {
                throw e;
            }
            throw new CardNotPresentException(card.describe() + " was removed while " + during + "; that did not "
                    + "complete. Insert the card again and repeat the step: the card is read again before anything "
                    + "is written to it.", failure.returnCode().orElse(null), failure);
        }
    }

    private boolean stillInserted() {
        try {
            token.ensurePresent();
            return true;
        } catch (HsmException gone) {
            return false;
        }
    }

    /** The share objects are private: without the login the card would look empty, and a write would fail late. */
    private void requireLogin() {
        if (!token.isLoggedIn()) {
            throw new IllegalStateException(card.describe() + " is used before the custodian logged in");
        }
    }

    private ShareEnvelope decode(DataObject object) throws KeyCeremonyException {
        byte[] value = token.readDataObject(object);
        try {
            return ShareEnvelopeCodec.decode(value);
        } catch (InvalidInputException e) {
            throw new CardException(card.describe() + ": share object '" + object.label() + "' is damaged: "
                    + e.getMessage(), e);
        } finally {
            Wipe.bytes(value);
        }
    }

    private Optional<DataObject> findByLabel(String label) throws HsmException {
        return token.findDataObjects(APPLICATION).stream().filter(o -> o.label().equals(label)).findFirst();
    }

    private Optional<DataObject> findByLabelPrefix(String prefix) throws HsmException {
        return token.findDataObjects(APPLICATION).stream().filter(o -> o.label().startsWith(prefix)).findFirst();
    }
}
