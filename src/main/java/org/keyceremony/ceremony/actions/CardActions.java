package org.keyceremony.ceremony.actions;

import org.keyceremony.cards.CardContents;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CardShare;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.cards.ShareErased;
import org.keyceremony.cards.StoredShare;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.backup.ShareRecord;
import org.keyceremony.script.Action;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareSetId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * check-card (the periodic card check: each card read and compared with the backup's
 * commitments, nothing combined) and erase-share (share rotation: the old shares erased from
 * the old cards present, once the new set and backup are proven).
 */
final class CardActions {
    private CardActions() {
    }

    /** The cards presented, as typed (comma-separated); empty: the cards the backup package names. */
    static List<String> presented(StepContext ctx, LoadedBackup b, String question) throws KeyCeremonyException {
        String v = ctx.value(question).strip();
        Set<String> cards = new LinkedHashSet<>();
        if (v.isEmpty()) {
            b.metadata().shareRecords().forEach(r -> cards.add(r.cardLabel().isEmpty() ? r.cardSerial() : r.cardLabel()));
        } else {
            for (String c : v.split(",")) {
                if (!c.isBlank()) {
                    cards.add(c.strip());
                }
            }
        }
        return new ArrayList<>(cards);
    }

    static Optional<ShareRecord> recordOfCard(LoadedBackup b, String serial) {
        return b.metadata().shareRecords().stream().filter(r -> r.cardSerial().equals(serial)).findFirst();
    }

    /** The new package of this ceremony, on every destination: readable, signed, and of share set {@code newSet}. */
    private static void newBackupOnEveryMedium(StepContext ctx, CeremonyEnvironment env, String newSet)
            throws KeyCeremonyException {
        KeyPolicy k = KeyActions.keyPolicy(ctx);
        for (java.nio.file.Path d : BackupFileActions.destinations(env, ctx)) {
            java.nio.file.Path p = d.resolve(BackupFileActions.fileName(k, ctx));
            if (!java.nio.file.Files.isRegularFile(p)) {
                throw new KeyCeremonyException("The old shares are not erased: the new backup package " + p + " is not "
                        + "there (is the medium mounted?). Nothing was erased; mount it and retry the step.");
            }
            org.keyceremony.ceremony.backup.BackupMetadata m = org.keyceremony.ceremony.backup.BackupPackage.open(
                    BackupLoading.readPackage(p));
            if (!m.shareSetIdHex().equals(newSet)) {
                throw new KeyCeremonyException("The old shares are not erased: the backup package " + p + " is not of "
                        + "this ceremony's new share set. Nothing was erased; record an exception.");
            }
        }
    }

    record CheckCard(CeremonyEnvironment env) implements ActionHandler<Action.CheckCard> {
        public Class<Action.CheckCard> actionType() {
            return Action.CheckCard.class;
        }

        public Map<String, Object> perform(Action.CheckCard action, StepContext ctx) throws KeyCeremonyException {
            LoadedBackup b = BackupLoading.loaded(ctx);
            PublishedShareSet published = b.published();
            CustodianCards cards = new CustodianCards(env.openCardModule());
            List<String> presented = presented(ctx, b, "cards presented, separated by commas (empty: every card "
                    + "the backup package names)");
            List<Object> rows = new ArrayList<>();
            Set<String> goodSerials = new LinkedHashSet<>();
            int problems = 0;
            for (String card : presented) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("card", card);
                ctx.notice("Custodian with " + card + ": insert your card and type your PIN.");
                try (CardSession inserted = cards.insert(BackupActions.cardRef(card))) {
                    PinTries.logIn(ctx, inserted, card);
                    try (CardShare share = ShareReading.readChecked(inserted, published)) {
                        int number = share.envelope().number();
                        row.put("cardSerial", share.card().serial());
                        row.put("shareNumber", String.valueOf(number));
                        row.put("commitment", share.envelope().commitment().hex());
                        Optional<ShareRecord> expected = recordOfCard(b, share.card().serial());
                        if (expected.isPresent() && expected.get().shareNumber() != number) {
                            row.put("result", "PROBLEM: the backup records share #" + expected.get().shareNumber()
                                    + " on this card, but it holds share #" + number + " (a card swapped or rewritten)");
                            problems++;
                        } else if (!goodSerials.add(share.card().serial())) {
                            row.put("result", "PROBLEM: the same card was presented twice");
                            problems++;
                        } else {
                            row.put("custodianOfRecord", b.record(number).custodian());
                            row.put("result", "OK: checksum valid, commitment matches share #" + number);
                        }
                    }
                } catch (KeyCeremonyException e) {
                    row.put("result", "PROBLEM: " + e.getMessage());
                    ctx.notice(e.getMessage());
                    problems++;
                }
                rows.add(row);
            }
            List<Object> missing = new ArrayList<>();
            for (ShareRecord r : b.metadata().shareRecords()) {
                if (!goodSerials.contains(r.cardSerial())) {
                    missing.add("share #" + r.shareNumber() + " (" + r.custodian() + ", card " + r.cardLabel()
                            + " serial " + r.cardSerial() + ")");
                }
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("shareSetId", b.metadata().shareSetIdHex());
            f.put("threshold", String.valueOf(b.metadata().threshold()));
            f.put("shares", String.valueOf(b.metadata().shares()));
            f.put("cards", rows);
            f.put("cardsChecked", (long) rows.size());
            f.put("cardsWithProblems", (long) problems);
            f.put("sharesNotConfirmed", missing);
            f.put("combined", false);
            f.put("allCardsGood", problems == 0 && missing.isEmpty());
            return f;
        }
    }

    record EraseShare(CeremonyEnvironment env) implements ActionHandler<Action.EraseShare> {
        public Class<Action.EraseShare> actionType() {
            return Action.EraseShare.class;
        }

        public Map<String, Object> perform(Action.EraseShare action, StepContext ctx) throws KeyCeremonyException {
            LoadedBackup old = BackupLoading.loaded(ctx);
            ShareSetId set = ShareSetId.fromHex(old.metadata().shareSetIdHex());
            // The safety invariant: old shares go only once the new set is proven (from the log), and its
            // backup is on the media now, signed, and of that set (read here, not taken on trust).
            java.util.Optional<String> refusal = ctx.refusalToEraseOldSet(set.hex());
            if (refusal.isPresent()) {
                throw new KeyCeremonyException("The old shares are not erased: " + refusal.get() + ". Erasing them "
                        + "now could leave the root key without a complete restore path. Nothing was erased.");
            }
            String newSet = org.keyceremony.ceremony.SafetyInvariant.newShareSet(ctx.log(), ctx.ceremony().script());
            newBackupOnEveryMedium(ctx, env, newSet);
            CustodianCards cards = new CustodianCards(env.openCardModule());
            List<String> presented = presented(ctx, old, "old cards presented for erasure, separated by commas");
            List<Object> rows = new ArrayList<>();
            Set<String> erasedSerials = new LinkedHashSet<>();
            for (String card : presented) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("card", card);
                ctx.notice("Old custodian with " + card + ": insert your card and type your PIN.");
                try (CardSession inserted = cards.insert(BackupActions.cardRef(card))) {
                    PinTries.logIn(ctx, inserted, card);
                    CardContents contents = inserted.contents();
                    row.put("cardSerial", contents.card().serial());
                    List<StoredShare> ofOld = contents.shares().stream().filter(s -> s.setId().equals(set)).toList();
                    if (ofOld.isEmpty()) {
                        row.put("result", "holds no share of the old set " + set.shortHex() + "; nothing erased");
                    } else {
                        ShareErased erased = inserted.erase(set, CustodianCards.erasureConfirmation(set));
                        erasedSerials.add(contents.card().serial());
                        row.put("erased", erased.objectLabels().stream().map(l -> (Object) l).toList());
                        row.put("result", "old share erased");
                    }
                    row.put("kept", contents.shares().stream().filter(s -> !s.setId().equals(set))
                            .map(s -> (Object) s.describe()).toList());
                } catch (KeyCeremonyException e) {
                    row.put("result", "PROBLEM: " + e.getMessage());
                    ctx.notice(e.getMessage());
                }
                rows.add(row);
            }
            List<Object> notPresented = new ArrayList<>();
            for (ShareRecord r : old.metadata().shareRecords()) {
                if (!erasedSerials.contains(r.cardSerial())) {
                    notPresented.add("share #" + r.shareNumber() + " (" + r.custodian() + ", card " + r.cardLabel()
                            + " serial " + r.cardSerial() + ")");
                }
            }
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("oldShareSetId", set.hex());
            f.put("cards", rows);
            f.put("oldCardsErased", (long) erasedSerials.size());
            f.put("oldSharesNotErased", notPresented);
            if (!notPresented.isEmpty()) {
                f.put("note", "The old shares not erased are worthless: the key-wrapping key has changed, and the "
                        + "superseded backup is the only package they open.");
            }
            f.put("supersededPackage", old.file().getFileName().toString());
            f.put("supersededPackageSha256", old.sha256());
            f.put("supersededBy", BackupFileActions.fileName(k, ctx));
            return f;
        }
    }
}
