package org.keyceremony.ui.wizard;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.CustodianTurn;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.ui.common.Messages;

/**
 * Where each custodian's share stands while the shares are written, as the room follows it:
 * waiting, "insert your card", written and read back (with the card and the share's
 * commitment), or failed; then, in the quorum check, read from the card again and verified. Fed on
 * the UI thread from the engine's events (the facts of {@code write-share} and {@code verify-quorum},
 * read as their records) and its {@link CustodianTurn}s, so the table shows what the event log
 * says, not what the screen hoped, and never depends on the wording of a notice.
 */
public final class ShareProgress {
    /** One custodian's line. */
    public static final class Row {
        private final int custodian;
        private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
        private final ReadOnlyStringWrapper card = new ReadOnlyStringWrapper("");
        private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(Messages.get("shares.waiting"));
        private final ReadOnlyStringWrapper commitment = new ReadOnlyStringWrapper("");
        private boolean written;
        private boolean turn;

        Row(int custodian, String name) {
            this.custodian = custodian;
            this.name.set(name);
        }

        public int custodian() {
            return custodian;
        }

        public boolean written() {
            return written;
        }

        public ReadOnlyStringProperty nameProperty() {
            return name.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty cardProperty() {
            return card.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty statusProperty() {
            return status.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty commitmentProperty() {
            return commitment.getReadOnlyProperty();
        }
    }

    private final CeremonyScript script;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private List<Integer> inStep = List.of();

    public ShareProgress(CeremonyScript script) {
        this.script = script;
    }

    /** True if the script writes shares (the table is shown only then). */
    public boolean applies() {
        return script.steps().stream().anyMatch(s -> s.action() instanceof Action.WriteShare);
    }

    /** The custodians are known: one row per share, named after the custodians in the order recorded. */
    public void participants(CeremonySetup setup) {
        if (!applies() || !rows.isEmpty()) {
            return;
        }
        int n = script.policy().sharing().map(s -> s.shares()).orElse(0);
        List<Participant> custodians = setup.holding(Role.CUSTODIAN);
        for (int k = 1; k <= n; k++) {
            rows.add(new Row(k, k <= custodians.size() ? custodians.get(k - 1).name() : ""));
        }
    }

    /** An event the engine wrote. */
    public void event(Event e, Step step) {
        EventType kind = e.kind().orElse(null);
        if (kind == null) {
            return;
        }
        if (step != null && step.action() instanceof Action.VerifyQuorum) {
            switch (kind) {
                case STEP_END -> verified(e.data().get("facts"));
                // the cards were read in turn: the one being read failed, the quorum is not verified for any
                case STEP_FAILED -> {
                    rows.stream().filter(r -> r.written).forEach(r -> r.status.set(Messages.get("shares.notVerified")));
                }
                default -> { }
            }
            return;
        }
        if (step == null || !(step.action() instanceof Action.WriteShare w)) {
            return;
        }
        switch (kind) {
            case STEP_BEGIN -> {
                inStep = w.custodian() != null ? List.of(w.custodian())
                        : rows.stream().filter(r -> !r.written).map(Row::custodian).toList();
                inStep.forEach(k -> row(k).ifPresent(r -> r.status.set(Messages.get("shares.thisStep"))));
            }
            case STEP_END -> written(e.data().get("facts"));
            // Only the custodian whose card was being written failed; the others of the step were not tried yet.
            case STEP_FAILED -> inStep.forEach(k -> row(k).filter(r -> !r.written && r.turn)
                    .ifPresent(r -> r.status.set(Messages.get("shares.failed"))));
            default -> { }
        }
    }

    /** The engine asks a custodian for their card: to write the share, or to read it again for the quorum check. */
    public void turn(CustodianTurn turn) {
        int k = turn.custodian();
        rows.forEach(r -> r.turn = r.custodian == k);
        switch (turn.phase()) {
            case WRITE_SHARE -> row(k).filter(r -> !r.written).ifPresent(r -> r.status.set(Messages.get("shares.insert")));
            case READ_FOR_QUORUM -> row(k).filter(r -> r.written)
                    .ifPresent(r -> r.status.set(Messages.get("shares.reinsert")));
        }
    }

    /** A share written, read back and verified, told as it happens (the step's end confirms it). */
    public void verifiedNow(org.keyceremony.ceremony.ShareVerified v) {
        row(v.custodian()).ifPresent(r -> {
            r.written = true;
            r.name.set(v.custodianName());
            r.card.set(v.cardLabel() + " (" + v.cardSerial() + ")"); // as the step's end writes it
            String c = v.commitment();
            r.commitment.set(c.length() > 16 ? c.substring(0, 16) + "\u2026" : c);
            r.status.set(Messages.get("shares.written", v.custodian()));
        });
    }

    private void written(Object facts) {
        read(BackupFacts.WriteShare.class, "write-share", facts).ifPresent(w -> w.written().forEach(x ->
                row((int) x.custodianNumber()).ifPresent(r -> {
                    r.written = true;
                    r.name.set(x.custodian());
                    r.card.set(x.cardLabel() + " (" + x.cardSerial() + ")");
                    String c = x.commitment();
                    r.commitment.set(c.length() > 16 ? c.substring(0, 16) + "\u2026" : c);
                    r.status.set(Messages.get("shares.written", x.shareNumber()));
                })));
    }

    /** The quorum check's facts: each share as read from its card (the only "verified" the table shows). */
    private void verified(Object facts) {
        read(BackupFacts.VerifyQuorum.class, "verify-quorum", facts).flatMap(BackupFacts.VerifyQuorum::readFromCards)
                .ifPresent(list -> list.forEach(c -> row((int) c.custodianNumber())
                        .ifPresent(r -> r.status.set(Messages.get("shares.verified", c.custodianNumber())))));
    }

    /**
     * A step's facts as the record of its action; empty when they cannot be read, and the table
     * then stays as it was (the transcript names such facts, the table is no evidence).
     */
    private static <T> Optional<T> read(Class<T> type, String kind, Object facts) {
        if (!(facts instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) m;
            return Optional.of(type.cast(ActionFacts.read(kind, typed)));
        } catch (InvalidInputException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private Optional<Row> row(int custodian) {
        return rows.stream().filter(r -> r.custodian == custodian).findFirst();
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** How many shares are written and read back. */
    public long writtenCount() {
        return rows.stream().filter(Row::written).count();
    }
}
