package org.keyceremony.ceremony.actions.shares;

import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.ceremony.actions.backup.BackupLoading;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.backup.LoadedBackup;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.PinTries;
import org.keyceremony.cards.CardContents;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CardShare;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.cards.StoredShare;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.script.Action;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkCheckValue;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.sharing.ShareSetId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * read-share and combine-kwk: custodians present their cards one at a time, in any order; each
 * share is checked against the loaded backup's commitments before it counts; with M valid
 * shares the KWK is rebuilt and confirmed against the backup's check value.
 */
public final class ShareReading {
    private ShareReading() {
    }

    static ReadShares readShares(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().memory(ActionTraits.READ_SHARES, ReadShares.class).orElseThrow(() ->
                new KeyCeremonyException("Step " + ctx.step().id() + " needs the custodians' shares, which exist only "
                        + "in memory and are not there (the application was restarted, or they were wiped). "
                        + "Resume from the step that reads the shares."));
    }

    /**
     * Reads the share on the inserted, logged-in card and verifies it against the loaded backup
     * ({@link CardSession#readVerified}); returns the valid share, or throws with what is wrong
     * with this card (the next custodian may go on), found out in the same session.
     */
    static CardShare readChecked(CardSession card, PublishedShareSet published) throws KeyCeremonyException {
        try {
            return card.readVerified(published);
        } catch (org.keyceremony.cards.CardException e) {
            throw new InvalidInputException(classify(card, published.setId(), e), e);
        }
    }

    /** Why a card holds no usable share of {@code set}: another ceremony's card, a blank or wrong card, or damage. */
    private static String classify(CardSession card, ShareSetId set, KeyCeremonyException e) {
        String base = e.getMessage();
        try {
            CardContents c = card.contents();
            if (c.shares().stream().anyMatch(s -> s.setId().equals(set))) {
                return base; // a share of this set that failed verification: the first message says why
            }
            for (CardContents.Unreadable u : c.unreadable()) {
                if (u.objectLabel().startsWith(CustodianCards.LABEL_PREFIX + set.shortHex())) {
                    return c.card().describe() + " holds a corrupt share of this backup's share set (object '"
                            + u.objectLabel() + "': " + u.reason() + "). Do not use this card; record an exception.";
                }
            }
            List<String> others = new ArrayList<>();
            for (StoredShare s : c.shares()) {
                if (!s.setId().equals(set)) {
                    others.add(s.describe());
                }
            }
            if (!others.isEmpty()) {
                return c.card().describe() + " is a card of another ceremony: it holds " + String.join(", ", others)
                        + ", not a share of set " + set.shortHex() + ". Return it and present the right card.";
            }
            if (c.shares().isEmpty() && c.unreadable().isEmpty()) {
                return c.card().describe() + " is the wrong card: it holds no KeyCeremony share at all. "
                        + "Return it and present the right card.";
            }
        } catch (KeyCeremonyException again) {
            // The first message already names the card and the problem.
        }
        return base;
    }

    public record ReadShare(CeremonyEnvironment env) implements ActionHandler<Action.ReadShare> {
        public Class<Action.ReadShare> actionType() {
            return Action.ReadShare.class;
        }

        public RestoreFacts.ReadShare perform(Action.ReadShare action, StepContext ctx) throws KeyCeremonyException {
            LoadedBackup b = BackupLoading.loaded(ctx);
            PublishedShareSet published = b.published();
            int m = b.metadata().threshold();
            ReadShares shares = ctx.ceremony().memory(ActionTraits.READ_SHARES, ReadShares.class)
                    .filter(r -> r.shareSetIdHex().equals(b.metadata().shareSetIdHex())).orElse(null);
            if (shares == null) {
                shares = new ReadShares(b.metadata().shareSetIdHex());
                ctx.ceremony().keepInMemory(ActionTraits.READ_SHARES, shares);
            }
            CustodianCards cards = new CustodianCards(env.openCardModule(), HsmActions.ceremonyHsmSerials(ctx));
            List<RestoreFacts.CardRead> attempts = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            while (shares.reads().size() < m) {
                int still = m - shares.reads().size();
                ctx.notice(still + " more valid share" + (still == 1 ? "" : "s") + " needed. Next custodian: insert "
                        + "your card and type your PIN.");
                String card;
                try {
                    card = ctx.valueOrEmpty("card presented by the next custodian (label or serial; empty: no more cards)").strip();
                } catch (KeyCeremonyException e) {
                    org.keyceremony.ceremony.StoppedAtTheTable.passThrough(e);
                    throw tooFew(shares, m, e.getMessage(), refusals);
                }
                if (card.isEmpty()) {
                    throw tooFew(shares, m, "no more cards were presented", refusals);
                }
                Optional<String> serial = Optional.empty();
                RestoreFacts.CardRead row;
                ctx.notice(b.holderOf(card) + ": type your card's PIN (" + card + "). Its share is read and "
                        + "checked; nothing on the card changes. " + still + " more valid share" + (still == 1 ? "" : "s")
                        + " needed.");
                try (CardSession inserted = cards.insert(PinTries.cardRef(card))) {
                    PinTries.logIn(ctx, inserted, card);
                    CardShare share = readChecked(inserted, published);
                    int number = share.envelope().number();
                    serial = Optional.of(share.card().serial());
                    if (shares.hasCard(share.card().serial()) || shares.hasShare(number)) {
                        share.close();
                        throw new InvalidInputException(share.card().describe() + " was presented twice (share #"
                                + number + " is already read): the same card counts once. The next custodian, please.");
                    }
                    String custodian = b.record(number).custodian();
                    shares.add(new ReadShares.Read(share.card(), custodian, share.envelope()));
                    row = new RestoreFacts.CardRead(card, serial, Optional.of(String.valueOf(number)),
                            Optional.of(custodian), Optional.of(share.envelope().commitment().hex()),
                            "valid share #" + number);
                } catch (KeyCeremonyException e) {
                    org.keyceremony.ceremony.StoppedAtTheTable.passThrough(e);
                    row = new RestoreFacts.CardRead(card, serial, Optional.empty(), Optional.empty(), Optional.empty(),
                            "refused: " + e.getMessage());
                    refusals.add(card + ": " + e.getMessage());
                    ctx.notice(e.getMessage());
                }
                attempts.add(row);
            }
            return new RestoreFacts.ReadShare(m, shares.reads().size(),
                    shares.reads().stream().map(r -> String.valueOf(r.envelope().number())).toList(), attempts);
        }

        private static KeyCeremonyException tooFew(ReadShares shares, int m, String why, List<String> refusals) {
            int have = shares.reads().size();
            return new KeyCeremonyException("Only " + have + " of the " + m + " valid shares needed were read (" + why
                    + "): " + (m - have) + " more needed. The ceremony cannot continue without them; the shares read "
                    + "so far are kept in memory if you retry the step."
                    + (refusals.isEmpty() ? "" : " Cards refused: " + String.join(" | ", refusals)));
        }
    }

    public record CombineKwk() implements ActionHandler<Action.CombineKwk> {
        public Class<Action.CombineKwk> actionType() {
            return Action.CombineKwk.class;
        }

        public RestoreFacts.CombineKwk perform(Action.CombineKwk action, StepContext ctx) throws KeyCeremonyException {
            LoadedBackup b = BackupLoading.loaded(ctx);
            ReadShares shares = readShares(ctx);
            if (!shares.shareSetIdHex().equals(b.metadata().shareSetIdHex())) {
                throw new KeyCeremonyException("The shares in memory belong to another backup than the one loaded. "
                        + "Read the shares again.");
            }
            KwkCheckValue expected = KwkCheckValue.fromHex(b.metadata().kwkCheckValueHex());
            SecretBytes kwk = ShareSet.combine(shares.envelopes());
            if (!expected.matches(kwk)) {
                kwk.close();
                throw new InvalidInputException("The rebuilt key-wrapping key does not match the backup package's check "
                        + "value " + expected.hex() + ". It is not used. Record an exception.");
            }
            ctx.ceremony().keepInMemory(ActionTraits.REBUILT_KWK, kwk);
            return new RestoreFacts.CombineKwk(shares.reads().stream().map(r -> String.valueOf(r.envelope().number()))
                    .toList(), expected.hex(), true, true);
        }
    }
}
