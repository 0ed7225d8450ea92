package org.keyceremony.ceremony.actions.shares;

import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.actions.backup.BackupMemory;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.session.HsmRollbacks;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.PinTries;
import org.keyceremony.ceremony.actions.backup.ShareDistribution;
import org.keyceremony.cards.CardContents;
import org.keyceremony.cards.CardRef;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CardShare;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.cards.ShareWritten;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.ceremony.CustodianTurn;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.cards.StoredShare;
import org.keyceremony.ceremony.ShareVerified;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.WrappedKey;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.Role;
import org.keyceremony.script.SharingPolicy;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkDerivation;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareSet;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/** split-kwk, write-share, verify-quorum: the KWK's shares handed to the custodians' cards and read back. */
public final class ShareWriting {
    private ShareWriting() {
    }

    public record SplitKwk() implements ActionHandler<Action.SplitKwk> {
        public Class<Action.SplitKwk> actionType() {
            return Action.SplitKwk.class;
        }

        public BackupFacts.SplitKwk perform(Action.SplitKwk action, StepContext ctx) throws KeyCeremonyException {
            SharingPolicy p = BackupMemory.sharing(ctx);
            ShareSet set = ShareSet.split(BackupMemory.kwk(ctx), p.threshold(), p.shares(), new SecureRandom());
            ctx.ceremony().keepInMemory(ActionTraits.SHARES, new ShareDistribution(set));
            return new BackupFacts.SplitKwk(String.valueOf(set.m()), String.valueOf(set.n()), set.id().hex(),
                    set.checkValue().hex(), set.commitments().stream().map(c -> c.hex()).toList());
        }
    }

    static List<Participant> custodians(StepContext ctx) {
        return ctx.ceremony().setup().holding(Role.CUSTODIAN);
    }

    static String cardFor(CeremonyEnvironment env, int custodian) {
        String c = env.cardsByCustodian().get(custodian);
        return c == null ? "" : c;
    }

    public record WriteShare(CeremonyEnvironment env) implements ActionHandler<Action.WriteShare> {
        public Class<Action.WriteShare> actionType() {
            return Action.WriteShare.class;
        }

        public BackupFacts.WriteShare perform(Action.WriteShare action, StepContext ctx) throws KeyCeremonyException {
            ShareDistribution dist = BackupMemory.shares(ctx);
            ShareSet set = dist.set();
            boolean rotation = ctx.ceremony().script().metadata().kind() == CeremonyKind.SHARE_ROTATION;
            List<Participant> people = custodians(ctx);
            if (!rotation && people.size() < set.n()) {
                throw new KeyCeremonyException("The share set has " + set.n() + " shares but only " + people.size()
                        + " custodians were recorded. Record every custodian (step 1.1), or abort.");
            }
            CustodianCards cards = new CustodianCards(env.openCardModule(), HsmActions.ceremonyHsmSerials(ctx));
            List<Integer> todo = new ArrayList<>();
            if (action.custodian() != null) {
                todo.add(action.custodian());
            } else {
                for (int i = 1; i <= set.n(); i++) {
                    todo.add(i);
                }
            }
            List<BackupFacts.ShareWritten> rows = new ArrayList<>();
            for (int custodian : todo) {
                if (!dist.isPlaced(custodian)) {
                    if (rotation) {
                        NewCustodian c = NewCustodian.ask(ctx, custodian, set.n(), people);
                        for (ShareDistribution.Placed p : dist.placed()) {
                            if (p.custodianName().equals(c.who().name())) {
                                throw new org.keyceremony.base.InvalidInputException(c.who().name() + " already holds "
                                        + "new share #" + p.custodian() + "; each new custodian holds one share. "
                                        + "Name another custodian and retry the step.");
                            }
                        }
                        place(ctx, cards, dist, custodian, c.who(), c.card());
                    } else {
                        place(ctx, cards, dist, custodian, people.get(custodian - 1), cardFor(env, custodian));
                    }
                }
            }
            for (ShareDistribution.Placed p : dist.placed()) {
                if (todo.contains(p.custodian())) {
                    rows.add(row(p));
                }
            }
            if (rows.size() == 1) {
                return rows.get(0);
            }
            return new BackupFacts.SharesWritten(rows, rows.size());
        }

        /**
         * One custodian's turn: the card inserted once, one login, and in that session the card's
         * contents checked, an interrupted earlier write erased, the share written, read back and
         * verified against the split; the session ends with the turn, also when something fails.
         */
        private void place(StepContext ctx, CustodianCards cards, ShareDistribution dist,
                int custodian, Participant who, String defaultCard) throws KeyCeremonyException {
            ShareSet set = dist.set();
            String card = defaultCard;
            ctx.notice("Custodian " + custodian + " — " + who.name() + ": insert your card"
                    + (card.isEmpty() ? "" : " (" + card + ")") + " and type your PIN.");
            ctx.custodianTurn(custodian, card, CustodianTurn.Phase.WRITE_SHARE);
            boolean typed = card.isEmpty();
            CardSession opened = null;
            while (opened == null) {
                if (card.isEmpty()) {
                    card = ctx.value("card label or serial for custodian " + custodian + " (" + who.name() + ")").strip();
                    if (card.isEmpty()) {
                        continue;
                    }
                }
                try {
                    opened = cards.insert(PinTries.cardRef(card));
                } catch (org.keyceremony.cards.CardNotPresentException e) {
                    if (!typed) {
                        throw e; // the card the room's set-up names: the step fails and says so
                    }
                    // A typing slip is checked on the spot: nothing was opened, the custodian is asked again.
                    ctx.notice(e.getMessage() + " Custodian " + custodian + " \u2014 " + who.name()
                            + ": give your card's label or serial again.");
                    card = "";
                }
            }
            ShareEnvelope envelope = set.envelope(custodian);
            ShareVerified verified;
            try (CardSession inserted = opened) {
                PinTries.logIn(ctx, inserted, card);
                CardContents contents = inserted.contents();
                refuseCardOfAnotherCustodian(dist, contents, set, custodian);
                // Registered only now, with the card open and its PIN typed: an abort never records a share
                // "not removed" from a card that was never written.
                RegisteredRollback removal = dist.removalFor(custodian, card);
                if (removal == null) {
                    removal = ctx.registerRollback(HsmRollbacks.ERASE_CARD_SHARE, "erase share #" + custodian + " of set "
                            + set.id().shortHex() + " from " + card, Map.of("card", card, "shareSetId", set.id().hex(),
                            "shareNumber", (long) custodian, "custodian", who.name(),
                            "module", env.cardModule().toString()));
                    dist.rememberRemoval(custodian, card, removal);
                }
                eraseInterruptedWrite(ctx, inserted, set, custodian, contents);
                ShareWritten written = inserted.write(envelope);
                CardShare back = inserted.readVerified(PublishedShareSet.of(set));
                if (back.envelope().number() != custodian
                        || !back.envelope().commitment().matches(envelope.commitment())) {
                    back.close();
                    throw new KeyCeremonyException(written.card().describe() + " returned another share than was written. "
                            + "Abort the ceremony and report this card.");
                }
                ctx.recordCreated(removal, Map.of("cardSerial", written.card().serial(), "shareNumber", (long) custodian,
                        "commitment", back.envelope().commitment().hex()));
                dist.place(new ShareDistribution.Placed(custodian, who.name(), written.card(), back.envelope()));
                if (!written.othersKept().isEmpty()) {
                    ctx.notice(written.card().describe() + " also holds " + written.othersKept().get(0).describe()
                            + " of an earlier ceremony; it was kept.");
                }
                verified = new ShareVerified(custodian, who.name(), written.card().label(), written.card().serial(),
                        back.envelope().commitment().hex());
            }
            ctx.shareVerified(verified);
        }

        /**
         * One card holds at most one share of a split: a card that already holds another share of
         * this set (the same card offered for a second custodian) is refused in words, before
         * anything is written or erased. Writing there would leave one custodian able to rebuild
         * two shares, and the split would not mean what the policy says.
         */
        private static void refuseCardOfAnotherCustodian(ShareDistribution dist, CardContents contents, ShareSet set,
                                                         int custodian) throws KeyCeremonyException {
            for (StoredShare s : contents.shares()) {
                if (s.setId().equals(set.id()) && s.number() != custodian) {
                    throw new org.keyceremony.base.InvalidInputException(contents.card().describe()
                            + " already holds share #" + s.number() + " of this split (custodian " + s.number()
                            + "'s card). A card holds one share of a split, and each custodian keeps their own card: "
                            + "nothing was written or erased. Insert custodian " + custodian + "'s own card and retry.");
                }
            }
            for (ShareDistribution.Placed p : dist.placed()) {
                if (p.custodian() != custodian && p.card().serial().equals(contents.card().serial())) {
                    throw new org.keyceremony.base.InvalidInputException(contents.card().describe()
                            + " already received share #" + p.custodian() + " of this split in this ceremony. Each "
                            + "custodian keeps their own card: nothing was written. Insert custodian " + custodian
                            + "'s own card and retry.");
                }
            }
        }

        /**
         * Share #{@code custodian} of this set already on the card can only come from an attempt of
         * this step that failed before its read-back was checked (a card pulled mid-write): it does
         * not count, so exactly that share is erased and written again rather than trusted. Nothing
         * else on the card is touched.
         */
        private static void eraseInterruptedWrite(StepContext ctx, CardSession inserted, ShareSet set, int custodian,
                                                  CardContents contents) throws KeyCeremonyException {
            boolean present = contents.shares().stream()
                    .anyMatch(s -> s.setId().equals(set.id()) && s.number() == custodian);
            if (present) {
                inserted.eraseShare(set.id(), custodian, java.util.Optional.empty());
                ctx.notice(contents.card().describe() + " held share #" + custodian + " of set " + set.id().shortHex()
                        + " from an interrupted write; it does not count and was erased before writing it again.");
            }
        }

        private static BackupFacts.ShareWritten row(ShareDistribution.Placed p) {
            return new BackupFacts.ShareWritten(p.custodianName(), p.custodian(), p.card().label(), p.card().serial(),
                    String.valueOf(p.readBack().number()), p.readBack().commitment().hex(), true);
        }
    }

    /**
     * In a share rotation the new custodians are not simply the custodians in order (old and
     * new custodians are both present): the administrator names each new custodian by initials
     * and the card they bring, e.g. {@code CC card-1}.
     */
    record NewCustodian(Participant who, String card) {
        static NewCustodian ask(StepContext ctx, int number, int n, List<Participant> custodians)
                throws KeyCeremonyException {
            String v = ctx.value("new custodian " + number + " of " + n + ": initials and card label or serial, "
                    + "e.g. 'CC card-1'").strip();
            String[] parts = v.split("\\s+", 2);
            if (parts.length != 2 || parts[1].isBlank()) {
                throw new org.keyceremony.base.InvalidInputException("New custodian " + number + ": expected initials "
                        + "and a card, e.g. 'CC card-1', got '" + v + "'. Retry the step.");
            }
            for (Participant p : custodians) {
                if (p.initials().equals(parts[0])) {
                    return new NewCustodian(p, parts[1].strip());
                }
            }
            throw new org.keyceremony.base.InvalidInputException("New custodian " + number + ": nobody recorded as "
                    + "custodian has the initials '" + parts[0] + "'. Retry the step.");
        }
    }

    /**
     * Every M-subset of the shares rebuilds the KWK — with the shares as the cards hold them now:
     * each custodian inserts their card again and types the PIN, and the share is read from the
     * card and compared with what was written. Recombining the copies kept in memory would prove
     * nothing about the cards (a card written twice, or erased since, still "verified").
     */
    public record VerifyQuorum(CeremonyEnvironment env) implements ActionHandler<Action.VerifyQuorum> {
        public Class<Action.VerifyQuorum> actionType() {
            return Action.VerifyQuorum.class;
        }

        public BackupFacts.VerifyQuorum perform(Action.VerifyQuorum action, StepContext ctx) throws KeyCeremonyException {
            ShareDistribution dist = BackupMemory.shares(ctx);
            SecretBytes kwk = BackupMemory.kwk(ctx);
            ShareSet set = dist.set();
            int m = set.m();
            List<ShareDistribution.Placed> placed = new ArrayList<>(dist.placed());
            placed.sort(java.util.Comparator.comparingInt(ShareDistribution.Placed::custodian));
            if (placed.size() < set.n()) {
                throw new KeyCeremonyException("Only " + placed.size() + " of " + set.n() + " shares are on their "
                        + "cards; write the missing ones before verifying the quorum.");
            }
            CustodianCards cards = new CustodianCards(env.openCardModule(), HsmActions.ceremonyHsmSerials(ctx));
            PublishedShareSet published = PublishedShareSet.of(set);
            List<CardShare> read = new ArrayList<>();
            try {
                List<BackupFacts.ShareRead> fromCards = new ArrayList<>();
                for (ShareDistribution.Placed p : placed) {
                    ctx.notice("Custodian " + p.custodian() + " \u2014 " + p.custodianName() + ": insert your card ("
                            + p.card().label() + ") again and type your PIN; the quorum is checked with the share "
                            + "as your card holds it now.");
                    ctx.custodianTurn(p.custodian(), p.card().label(), CustodianTurn.Phase.READ_FOR_QUORUM);
                    try (CardSession inserted = cards.insert(CardRef.bySerial(p.card().serial()))) {
                        PinTries.logIn(ctx, inserted, p.card().label());
                        CardShare s = inserted.readVerified(published);
                        read.add(s);
                        if (s.envelope().number() != p.custodian()
                                || !s.envelope().commitment().matches(p.readBack().commitment())) {
                            throw new KeyCeremonyException(s.card().describe() + " holds share #" + s.envelope().number()
                                    + " of this split, not the share #" + p.custodian() + " written to it. Do not use "
                                    + "this share set: abort (the written shares are erased) and start again.");
                        }
                    }
                    fromCards.add(new BackupFacts.ShareRead(p.custodian(), p.card().label(), p.card().serial(),
                            p.readBack().commitment().hex()));
                }
                List<String> checked = new ArrayList<>();
                for (List<Integer> subset : subsets(read.size(), m)) {
                    List<ShareEnvelope> pick = new ArrayList<>();
                    subset.forEach(i -> pick.add(read.get(i).envelope()));
                    try (SecretBytes rebuilt = ShareSet.combine(pick)) {
                        if (!rebuilt.sameAs(kwk)) {
                            throw new KeyCeremonyException("Shares " + numbers(pick) + " as read from their cards do "
                                    + "not rebuild the key-wrapping key. Do not use this share set: abort (the written "
                                    + "shares are erased) and start again.");
                        }
                    }
                    checked.add(numbers(pick));
                }
                return new BackupFacts.VerifyQuorum(m, Optional.of(fromCards), checked.size(), checked, true);
            } finally {
                read.forEach(CardShare::close);
            }
        }

        private static String numbers(List<ShareEnvelope> pick) {
            return String.join("+", pick.stream().map(e -> String.valueOf(e.number())).toList());
        }

        /** Every {@code k}-subset of {0..n-1}, in lexicographic order. */
        static List<List<Integer>> subsets(int n, int k) {
            List<List<Integer>> out = new ArrayList<>();
            int[] idx = new int[k];
            for (int i = 0; i < k; i++) {
                idx[i] = i;
            }
            while (true) {
                List<Integer> s = new ArrayList<>();
                for (int i : idx) {
                    s.add(i);
                }
                out.add(s);
                int i = k - 1;
                while (i >= 0 && idx[i] == n - k + i) {
                    i--;
                }
                if (i < 0) {
                    return out;
                }
                idx[i]++;
                for (int j = i + 1; j < k; j++) {
                    idx[j] = idx[j - 1] + 1;
                }
            }
        }
    }
}
