package org.keyceremony.ui.wizard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.ui.common.Messages;

/**
 * Where each custodian's share stands while the shares are written, as the room follows it:
 * waiting, "insert your card", written and read back (with the card and the share's
 * commitment), or failed; then, in the quorum check, read from the card again and verified. Fed on the UI thread from the engine's events and notices, so the
 * table shows what the event log says, not what the screen hoped.
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

    private static final Pattern INSERT = Pattern.compile("^Custodian (\\d+) \u2014 ");
    private final CeremonyScript script;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private List<Integer> inStep = List.of();
    private boolean verifying;

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
                case STEP_BEGIN -> verifying = true;
                case STEP_END -> {
                    verifying = false;
                    verified(e.data().get("facts"));
                }
                // the cards were read in turn: the one being read failed, the quorum is not verified for any
                case STEP_FAILED -> {
                    verifying = false;
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

    /** A notice the engine showed: "Custodian 3 — Cleo: insert your card …" marks that custodian's turn. */
    public void notice(String message) {
        Matcher m = INSERT.matcher(message);
        if (m.find()) {
            int k = Integer.parseInt(m.group(1));
            rows.forEach(r -> r.turn = r.custodian == k);
            if (verifying) {
                row(k).filter(r -> r.written).ifPresent(r -> r.status.set(Messages.get("shares.reinsert")));
            } else {
                row(k).filter(r -> !r.written).ifPresent(r -> r.status.set(Messages.get("shares.insert")));
            }
        }
    }

    private void written(Object facts) {
        if (!(facts instanceof Map<?, ?> f)) {
            return;
        }
        if (f.get("shares") instanceof Collection<?> list) {
            list.forEach(this::written);
            return;
        }
        if (!(f.get("custodianNumber") instanceof Number k)) {
            return;
        }
        row(k.intValue()).ifPresent(r -> {
            r.written = true;
            r.name.set(String.valueOf(f.get("custodian")));
            r.card.set(f.get("cardLabel") + " (" + f.get("cardSerial") + ")");
            String c = String.valueOf(f.get("commitment"));
            r.commitment.set(c.length() > 16 ? c.substring(0, 16) + "\u2026" : c);
            r.status.set(Messages.get("shares.written", f.get("shareNumber")));
        });
    }

    /** The quorum check's facts: each share as read from its card (the only "verified" the table shows). */
    private void verified(Object facts) {
        if (facts instanceof Map<?, ?> f && f.get("readFromCards") instanceof Collection<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> c && c.get("custodianNumber") instanceof Number k) {
                    row(k.intValue()).ifPresent(r -> r.status.set(Messages.get("shares.verified", k)));
                }
            }
        }
    }

    private java.util.Optional<Row> row(int custodian) {
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
