package org.keyceremony.cards;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keyceremony.hsm.DataObject;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;
import org.keyceremony.sharing.ShareCommitments;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.sharing.ShareSetId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Custodian cards: PKCS#11 tokens (smart cards, or SoftHSM2 tokens in rehearsals) that each
 * hold a share envelope as a private, unmodifiable CKO_DATA object with CKA_APPLICATION
 * {@value #APPLICATION}. Every operation logs in with the custodian's PIN, works in one
 * session, and reports the card's label and serial.
 */
public final class CustodianCards {
    /** CKA_APPLICATION of every share object. */
    public static final String APPLICATION = "keyceremony";
    /** Start of every share object's label: {@code keyceremony-share <set> #<n>}. */
    public static final String LABEL_PREFIX = "keyceremony-share ";

    private static final Logger LOG = LoggerFactory.getLogger(CustodianCards.class);

    private final Pkcs11Module module;

    public CustodianCards(Pkcs11Module module) {
        this.module = module;
    }

    /** The object label of an envelope: {@code keyceremony-share 1a2b3c4d #2}. */
    public static String objectLabel(ShareEnvelope e) {
        return labelPrefix(e.setId()) + "#" + e.number();
    }

    /** The words an operator must confirm before a share set is erased from a card. */
    public static String erasureConfirmation(ShareSetId set) {
        return "erase share set " + set.shortHex();
    }

    private static String labelPrefix(ShareSetId set) {
        return LABEL_PREFIX + set.shortHex() + " ";
    }

    /**
     * Writes {@code envelope} to the card, reads it back and compares byte for byte before
     * reporting success. Refused when the card already holds a share of the same set, or a
     * damaged KeyCeremony object; shares of other sets are kept and reported.
     */
    public ShareWritten write(CardRef ref, Pin pin, ShareEnvelope envelope) throws KeyCeremonyException {
        try (HsmToken token = ref.open(module)) {
            token.login(pin);
            CardIdentity card = CardIdentity.of(token.info());
            Scan scan = scan(token, card);
            if (!scan.contents.unreadable().isEmpty()) {
                CardContents.Unreadable u = scan.contents.unreadable().get(0);
                throw new CardException(card.describe() + " holds a damaged KeyCeremony object '" + u.objectLabel()
                        + "' (" + u.reason() + "). Nothing was written. Have the card examined; erase that object"
                        + " explicitly before writing a new share to it.");
            }
            for (StoredShare s : scan.contents.shares()) {
                if (s.setId().equals(envelope.setId())) {
                    throw new CardException(card.describe() + " already holds " + s.describe()
                            + ". A card holds at most one share of a set: nothing was written. Use another card.");
                }
            }
            String label = objectLabel(envelope);
            try (SecretBytes encoded = ShareEnvelopeCodec.encode(envelope)) {
                byte[] value = encoded.reveal();
                byte[] back = null;
                try {
                    token.createDataObject(APPLICATION, label, value);
                    DataObject written = findByLabel(token, label).orElseThrow(() -> new CardException(card.describe()
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
            for (StoredShare kept : scan.contents.shares()) {
                LOG.warn("{} also holds {}, kept until it is erased explicitly", card.describe(), kept.describe());
            }
            return new ShareWritten(card, share, scan.contents.shares());
        }
    }

    /** The KeyCeremony objects on a card (public facts only). */
    public CardContents list(CardRef ref, Pin pin) throws KeyCeremonyException {
        try (HsmToken token = ref.open(module)) {
            token.login(pin);
            return scan(token, CardIdentity.of(token.info())).contents;
        }
    }

    /** Reads the card's share of {@code set}: decoded, checksum verified. */
    public CardShare read(CardRef ref, Pin pin, ShareSetId set) throws KeyCeremonyException {
        try (HsmToken token = ref.open(module)) {
            token.login(pin);
            CardIdentity card = CardIdentity.of(token.info());
            List<DataObject> candidates = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (DataObject o : token.findDataObjects(APPLICATION)) {
                if (o.label().startsWith(labelPrefix(set))) {
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
            ShareEnvelope envelope = decode(token, object, card);
            if (!envelope.setId().equals(set)) {
                String found = envelope.describe();
                envelope.close();
                throw new CardException(card.describe() + ": object '" + object.label() + "' holds " + found
                        + ", not a share of set " + set.hex() + ". Do not use it; record an exception.");
            }
            LOG.info("Read {} from {}", envelope.describe(), card.describe());
            return new CardShare(card, object.label(), envelope);
        }
    }

    /**
     * Reads the share of {@code published}'s set and confirms by its commitment that it is
     * share {@code expectedNumber}: a card of another custodian, or an altered share, is refused
     * with a message that says what the card holds instead.
     */
    public CardShare readVerified(CardRef ref, Pin pin, ShareCommitments published, int expectedNumber)
            throws KeyCeremonyException {
        CardShare share = read(ref, pin, published.setId());
        try {
            published.verify(expectedNumber, share.envelope());
            return share;
        } catch (InvalidInputException e) {
            share.close();
            throw new CardException(share.card().describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Destroys the card's share objects of {@code set} (share rotation). {@code confirmation}
     * must be exactly {@link #erasureConfirmation(ShareSetId)}: erasing a share cannot be undone.
     */
    public ShareErased erase(CardRef ref, Pin pin, ShareSetId set, String confirmation) throws KeyCeremonyException {
        if (!erasureConfirmation(set).equals(confirmation)) {
            throw new InvalidInputException("Erasing a share cannot be undone: confirm with exactly '"
                    + erasureConfirmation(set) + "'. Nothing was erased.");
        }
        try (HsmToken token = ref.open(module)) {
            token.login(pin);
            CardIdentity card = CardIdentity.of(token.info());
            List<String> erased = new ArrayList<>();
            for (DataObject o : token.findDataObjects(APPLICATION)) {
                if (o.label().startsWith(labelPrefix(set))) {
                    token.destroyObject(o.handle());
                    erased.add(o.label());
                }
            }
            if (erased.isEmpty()) {
                throw new CardException(card.describe() + " holds no share of set " + set.shortHex()
                        + ": nothing was erased.");
            }
            if (findByLabelPrefix(token, labelPrefix(set)).isPresent()) {
                throw new CardException(card.describe() + " still shows a share of set " + set.shortHex()
                        + " after erasing it. Check the card with the vendor's tool.");
            }
            LOG.info("Erased {} from {}", erased, card.describe());
            return new ShareErased(card, erased);
        }
    }

    /**
     * Destroys share #{@code number} of {@code set} from the card, and nothing else: the object
     * labelled for it, once its envelope is decoded and found to be that share (and, when
     * {@code commitment} is given, exactly that share). Other shares of the set on the same card
     * (a card wrongly offered for two custodians) and shares of other sets are kept. A card that
     * does not hold it is reported, not an error: {@link ShareErased#objectLabels()} is then empty.
     */
    public ShareErased eraseShare(CardRef ref, Pin pin, ShareSetId set, int number, java.util.Optional<String> commitment)
            throws KeyCeremonyException {
        try (HsmToken token = ref.open(module)) {
            token.login(pin);
            CardIdentity card = CardIdentity.of(token.info());
            String label = labelPrefix(set) + "#" + number;
            List<String> erased = new ArrayList<>();
            for (DataObject o : token.findDataObjects(APPLICATION)) {
                if (!o.label().equals(label)) {
                    continue;
                }
                try (ShareEnvelope e = decode(token, o, card)) {
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
            if (!erased.isEmpty() && findByLabelPrefix(token, label).filter(o -> o.label().equals(label)).isPresent()) {
                throw new CardException(card.describe() + " still shows " + label + " after erasing it. Check the card "
                        + "with the vendor's tool.");
            }
            LOG.info("Erased {} from {}", erased, card.describe());
            return new ShareErased(card, erased);
        }
    }

    private record Scan(CardContents contents) {
    }

    private static Scan scan(HsmToken token, CardIdentity card) throws HsmException {
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
        return new Scan(new CardContents(card, shares, unreadable));
    }

    private static ShareEnvelope decode(HsmToken token, DataObject object, CardIdentity card)
            throws KeyCeremonyException {
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

    private static Optional<DataObject> findByLabel(HsmToken token, String label) throws HsmException {
        return token.findDataObjects(APPLICATION).stream().filter(o -> o.label().equals(label)).findFirst();
    }

    private static Optional<DataObject> findByLabelPrefix(HsmToken token, String prefix) throws HsmException {
        return token.findDataObjects(APPLICATION).stream().filter(o -> o.label().startsWith(prefix)).findFirst();
    }
}
