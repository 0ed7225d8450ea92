package org.keyceremony.ceremony.actions.shares;

import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.ceremony.actions.backup.BackupFileActions;
import org.keyceremony.ceremony.actions.backup.BackupLoading;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.backup.LoadedBackup;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.PinTries;
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
public final class CardActions {
    private CardActions() {
    }

    /** The cards presented, as typed (comma-separated); empty: the cards the backup package names. */
    static List<String> presented(StepContext ctx, LoadedBackup b, String question) throws KeyCeremonyException {
        String v = ctx.valueOrEmpty(question).strip();
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

    public record CheckCard(CeremonyEnvironment env) implements ActionHandler<Action.CheckCard> {
        public Class<Action.CheckCard> actionType() {
            return Action.CheckCard.class;
        }

        public RestoreFacts.CheckCard perform(Action.CheckCard action, StepContext ctx) throws KeyCeremonyException {
            LoadedBackup b = BackupLoading.loaded(ctx);
            PublishedShareSet published = b.published();
            CustodianCards cards = new CustodianCards(env.openCardModule(), HsmActions.ceremonyHsmSerials(ctx));
            List<String> presented = presented(ctx, b, "cards presented, separated by commas (empty: every card "
                    + "the backup package names)");
            List<RestoreFacts.CardChecked> rows = new ArrayList<>();
            Set<String> goodSerials = new LinkedHashSet<>();
            int problems = 0;
            for (String card : presented) {
                RestoreFacts.CardChecked row;
                Optional<String> serial = Optional.empty();
                Optional<String> shareNumber = Optional.empty();
                Optional<String> commitment = Optional.empty();
                ctx.notice(b.holderOf(card) + ": insert your card (" + card + ") and type your PIN. Its share is read "
                        + "and checked against the backup package; nothing on the card changes.");
                try (CardSession inserted = cards.insert(PinTries.cardRef(card))) {
                    PinTries.logIn(ctx, inserted, card);
                    try (CardShare share = ShareReading.readChecked(inserted, published)) {
                        int number = share.envelope().number();
                        serial = Optional.of(share.card().serial());
                        shareNumber = Optional.of(String.valueOf(number));
                        commitment = Optional.of(share.envelope().commitment().hex());
                        Optional<ShareRecord> expected = recordOfCard(b, share.card().serial());
                        if (expected.isPresent() && expected.get().shareNumber() != number) {
                            row = new RestoreFacts.CardChecked(card, serial, shareNumber, commitment, Optional.empty(),
                                    "PROBLEM: the backup records share #" + expected.get().shareNumber()
                                    + " on this card, but it holds share #" + number + " (a card swapped or rewritten)");
                            problems++;
                        } else if (!goodSerials.add(share.card().serial())) {
                            row = new RestoreFacts.CardChecked(card, serial, shareNumber, commitment, Optional.empty(),
                                    "PROBLEM: the same card was presented twice");
                            problems++;
                        } else {
                            row = new RestoreFacts.CardChecked(card, serial, shareNumber, commitment,
                                    Optional.of(b.record(number).custodian()),
                                    "OK: checksum valid, commitment matches share #" + number);
                        }
                    }
                } catch (KeyCeremonyException e) {
                    org.keyceremony.ceremony.StoppedAtTheTable.passThrough(e);
                    row = new RestoreFacts.CardChecked(card, serial, shareNumber, commitment, Optional.empty(),
                            "PROBLEM: " + e.getMessage());
                    ctx.notice(e.getMessage());
                    problems++;
                }
                rows.add(row);
            }
            List<String> missing = new ArrayList<>();
            for (ShareRecord r : b.metadata().shareRecords()) {
                if (!goodSerials.contains(r.cardSerial())) {
                    missing.add("share #" + r.shareNumber() + " (" + r.custodian() + ", card " + r.cardLabel()
                            + " serial " + r.cardSerial() + ")");
                }
            }
            return new RestoreFacts.CheckCard(b.metadata().shareSetIdHex(), String.valueOf(b.metadata().threshold()),
                    String.valueOf(b.metadata().shares()), rows, rows.size(), problems, missing, false,
                    problems == 0 && missing.isEmpty());
        }
    }

    public record EraseShare(CeremonyEnvironment env) implements ActionHandler<Action.EraseShare> {
        public Class<Action.EraseShare> actionType() {
            return Action.EraseShare.class;
        }

        public RestoreFacts.EraseShare perform(Action.EraseShare action, StepContext ctx) throws KeyCeremonyException {
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
            CustodianCards cards = new CustodianCards(env.openCardModule(), HsmActions.ceremonyHsmSerials(ctx));
            List<String> presented = presented(ctx, old, "old cards presented for erasure, separated by commas "
                    + "(empty: every card of the old set)");
            List<RestoreFacts.CardErased> rows = new ArrayList<>();
            Set<String> erasedSerials = new LinkedHashSet<>();
            for (String card : presented) {
                RestoreFacts.CardErased row;
                ctx.notice(old.holderOf(card) + ": insert your card (" + card + ") and type your PIN. Its old share of "
                        + "set " + set.shortHex() + " is erased: the new set is proven and its backup is on every medium.");
                Optional<String> serial = Optional.empty();
                try (CardSession inserted = cards.insert(PinTries.cardRef(card))) {
                    PinTries.logIn(ctx, inserted, card);
                    CardContents contents = inserted.contents();
                    serial = Optional.of(contents.card().serial());
                    List<StoredShare> ofOld = contents.shares().stream().filter(s -> s.setId().equals(set)).toList();
                    Optional<List<String>> erasedLabels = Optional.empty();
                    String result;
                    if (ofOld.isEmpty()) {
                        result = "holds no share of the old set " + set.shortHex() + "; nothing erased";
                    } else {
                        ShareErased erased = inserted.erase(set, CustodianCards.erasureConfirmation(set));
                        erasedSerials.add(contents.card().serial());
                        erasedLabels = Optional.of(List.copyOf(erased.objectLabels()));
                        result = "old share erased";
                    }
                    row = new RestoreFacts.CardErased(card, serial, erasedLabels, result, Optional.of(contents.shares()
                            .stream().filter(s -> !s.setId().equals(set)).map(s -> s.describe()).toList()));
                } catch (KeyCeremonyException e) {
                    org.keyceremony.ceremony.StoppedAtTheTable.passThrough(e);
                    // as before: the serial stays recorded when the card was read before the failure
                    row = new RestoreFacts.CardErased(card, serial, Optional.empty(), "PROBLEM: " + e.getMessage(),
                            Optional.empty());
                    ctx.notice(e.getMessage());
                }
                rows.add(row);
            }
            List<String> notPresented = new ArrayList<>();
            for (ShareRecord r : old.metadata().shareRecords()) {
                if (!erasedSerials.contains(r.cardSerial())) {
                    notPresented.add("share #" + r.shareNumber() + " (" + r.custodian() + ", card " + r.cardLabel()
                            + " serial " + r.cardSerial() + ")");
                }
            }
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            return new RestoreFacts.EraseShare(set.hex(), rows, erasedSerials.size(), notPresented,
                    notPresented.isEmpty() ? Optional.empty() : Optional.of("The old shares not erased open only the "
                    + "superseded backup package (the key-wrapping key has changed): delete that file from every "
                    + "medium that holds it, never a medium of the new backup."),
                    old.file().getFileName().toString(), old.sha256(), BackupFileActions.fileName(k, ctx));
        }
    }
}
