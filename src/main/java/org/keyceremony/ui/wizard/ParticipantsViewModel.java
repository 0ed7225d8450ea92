package org.keyceremony.ui.wizard;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Role;
import org.keyceremony.ui.common.Messages;

/**
 * The participants screen without its view: one row per person, the place and the time
 * zone, checked against the script's roles before the ceremony may start (the engine checks
 * again; this screen says what is missing while people can still fix it).
 */
public final class ParticipantsViewModel {
    private final CeremonyScript script;
    private final ObservableList<ParticipantRow> rows = FXCollections.observableArrayList();
    private final StringProperty location = new SimpleStringProperty("");
    private final StringProperty timeZone = new SimpleStringProperty(ZoneId.systemDefault().getId());

    public ParticipantsViewModel(CeremonyScript script, Optional<CeremonySetup> prefill) {
        this.script = script;
        prefill.ifPresent(p -> {
            for (Participant x : p.participants()) {
                rows.add(new ParticipantRow(x.name(), x.role(), x.initials()));
            }
            location.set(p.location());
            timeZone.set(p.timeZone());
        });
        if (rows.isEmpty()) {
            script.roles().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                for (int i = 0; i < e.getValue(); i++) {
                    rows.add(new ParticipantRow("", e.getKey(), ""));
                }
            });
        }
    }

    /** What the script asks for, e.g. "1 administrator, 1 witness, 5 custodians". */
    public String required() {
        List<String> parts = new ArrayList<>();
        script.roles().entrySet().stream().sorted(Map.Entry.comparingByKey()).filter(e -> e.getValue() > 0)
                .forEach(e -> parts.add(e.getValue() + " \u00d7 " + WizardViewModel.roleName(e.getKey())));
        return String.join(", ", parts);
    }

    public void addRow() {
        rows.add(new ParticipantRow("", Role.CUSTODIAN, ""));
    }

    public void removeRow(ParticipantRow row) {
        rows.remove(row);
    }

    /** Every problem, in words people can act on; empty when the ceremony may start. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> initials = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            ParticipantRow r = rows.get(i);
            String name = r.nameProperty().get().strip();
            String ini = r.initialsProperty().get().strip();
            int line = i + 1;
            if (name.isEmpty()) {
                problems.add(Messages.get("participants.problem.name", line));
            } else {
                // What the engine will refuse, said here while the people can still fix it.
                org.keyceremony.script.TextRules.line(name, org.keyceremony.script.TextRules.NAME)
                        .ifPresent(p -> problems.add(Messages.get("participants.problem.nameText", line, p)));
            }
            if (!org.keyceremony.ceremony.Participant.validInitials(ini)) {
                problems.add(Messages.get("participants.problem.initials", line,
                        name.isEmpty() ? "?" : org.keyceremony.script.TextRules.preview(name, 40)));
            } else if (!initials.add(ini.toUpperCase(Locale.ROOT))) {
                problems.add(Messages.get("participants.problem.sameInitials", ini));
            }
        }
        script.roles().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long present = rows.stream().filter(r -> r.roleProperty().get() == e.getKey()).count();
            if (present < e.getValue()) {
                problems.add(Messages.get("participants.problem.role", WizardViewModel.roleName(e.getKey()),
                        e.getValue(), present));
            }
        });
        if (location.get().isBlank()) {
            problems.add(Messages.get("participants.problem.location"));
        } else {
            org.keyceremony.script.TextRules.line(location.get().strip(), org.keyceremony.script.TextRules.LINE)
                    .ifPresent(p -> problems.add(Messages.get("participants.problem.locationText", p)));
        }
        try {
            ZoneId.of(timeZone.get().strip());
        } catch (DateTimeException e) {
            problems.add(Messages.get("participants.problem.timeZone", timeZone.get()));
        }
        return problems;
    }

    /** The setup for the engine; call only when {@link #problems()} is empty. */
    public CeremonySetup toSetup() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalStateException(String.join("; ", p));
        }
        List<Participant> people = rows.stream().map(r -> new Participant(r.nameProperty().get().strip(),
                r.roleProperty().get(), r.initialsProperty().get().strip())).toList();
        return new CeremonySetup(people, location.get().strip(), timeZone.get().strip());
    }

    public ObservableList<ParticipantRow> rows() {
        return rows;
    }

    public StringProperty locationProperty() {
        return location;
    }

    public StringProperty timeZoneProperty() {
        return timeZone;
    }
}
