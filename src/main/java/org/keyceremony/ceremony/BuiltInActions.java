package org.keyceremony.ceremony;

import org.keyceremony.script.ActionTraits;
import java.net.SocketException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keyceremony.ceremony.preflight.AirGapCheck;
import org.keyceremony.ceremony.preflight.SoftwareIdentity;
import org.keyceremony.script.Action;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.facts.PreparationFacts;

/**
 * The actions that need no HSM or card: manual steps, participants, software, clock,
 * air gap and zeroization of memory. {@link #registry()} is what this build offers until
 * the HSM handlers (issue 5) are added to it.
 */
public final class BuiltInActions {
    private BuiltInActions() {
    }

    /** A registry holding the built-in handlers only. */
    public static ActionRegistry registry() {
        return ActionRegistry.builder()
                .action(new Manual())
                .action(new RecordParticipants())
                .action(new RecordSoftware())
                .action(new ConfirmTime())
                .action(new CheckAirGap())
                .action(new Zeroize())
                .build();
    }

    /** Records only the confirmation and, if the script asks for one, a typed value. */
    static final class Manual implements ActionHandler<Action.Manual> {
        public Class<Action.Manual> actionType() {
            return Action.Manual.class;
        }

        public PreparationFacts.Manual perform(Action.Manual action, StepContext ctx) throws KeyCeremonyException {
            if (action.each()) {
                return new PreparationFacts.Manual(Optional.empty(), Optional.empty(), Optional.of(eachConfirms(ctx)));
            }
            if (action.record() != null) {
                String value = (action.valueRequired() ? ctx.value(action.record())
                        : ctx.valueOrEmpty(action.record())).strip();
                if (action.valueRequired() && value.isEmpty()) {
                    throw new InvalidInputException("step " + ctx.step().id() + " needs a value for \""
                            + action.record() + "\"; none was given");
                }
                return new PreparationFacts.Manual(Optional.of(action.record()), Optional.of(value));
            }
            return new PreparationFacts.Manual(Optional.empty(), Optional.empty());
        }
    }

    /**
     * Each participant holding the step's actor role confirms in person, in turn, with their own
     * initials: "Name (XX)" for each. Initials that are not that person's refuse the step (nothing
     * else is done in a manual step; retry it and let each type their own).
     */
    static List<String> eachConfirms(StepContext ctx) throws KeyCeremonyException {
        List<Participant> people = ctx.ceremony().setup().holding(ctx.step().actor());
        List<String> confirmed = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            Participant p = people.get(i);
            String typed = ctx.acknowledge(p, i + 1, people.size()).initials().strip();
            if (!typed.equalsIgnoreCase(p.initials())) {
                throw new InvalidInputException("'" + typed + "' are not the initials of " + p.name() + ": each "
                        + ctx.step().actor().yamlName() + " confirms step " + ctx.step().id() + " with their own. "
                        + "Retry the step, and let " + p.name() + " type them.");
            }
            confirmed.add(p.name() + " (" + p.initials() + ")");
        }
        return confirmed;
    }

    /** The participants were recorded at setup (and checked against the roles); this step puts them in the step record. */
    static final class RecordParticipants implements ActionHandler<Action.RecordParticipants> {
        public Class<Action.RecordParticipants> actionType() {
            return Action.RecordParticipants.class;
        }

        public PreparationFacts.RecordParticipants perform(Action.RecordParticipants action, StepContext ctx) {
            List<PreparationFacts.Person> people = new ArrayList<>();
            for (Participant p : ctx.ceremony().setup().participants()) {
                people.add(new PreparationFacts.Person(p.name(), p.role().yamlName(), p.initials()));
            }
            return new PreparationFacts.RecordParticipants(people);
        }
    }

    /** The running software's identity, so that the witnesses can compare it with the published SHA256SUMS. */
    static final class RecordSoftware implements ActionHandler<Action.RecordSoftware> {
        public Class<Action.RecordSoftware> actionType() {
            return Action.RecordSoftware.class;
        }

        public PreparationFacts.RecordSoftware perform(Action.RecordSoftware action, StepContext ctx) throws KeyCeremonyException {
            SoftwareIdentity id;
            try {
                id = SoftwareIdentity.ofThisProcess();
            } catch (java.io.IOException e) {
                throw new KeyCeremonyException("Cannot read the application's own files to hash them ("
                        + e.getMessage() + "). The installation may be damaged: reinstall from the verified medium.", e);
            }
            // "application" is what the transcript prints as the software: version and commit together.
            return new PreparationFacts.RecordSoftware(id.versionAndCommit(), Optional.of(id.commit()),
                    id.combinedSha256(), "SHA-256 over the lines '<sha256>  <jar name>' of every jar, sorted by name",
                    new java.util.TreeMap<>(id.jarSha256()), id.runtime(), Optional.of(id.runtimeHome()),
                    Optional.of(id.runtimeModulesSha256()), id.os());
        }
    }

    /** The witness types the time from an independent source; both it and the laptop's clock are recorded. */
    static final class ConfirmTime implements ActionHandler<Action.ConfirmTime> {
        public Class<Action.ConfirmTime> actionType() {
            return Action.ConfirmTime.class;
        }

        public PreparationFacts.ConfirmTime perform(Action.ConfirmTime action, StepContext ctx) throws KeyCeremonyException {
            String laptop = Instant.now().toString();
            String independent = ctx.value("time from an independent source (e.g. radio clock), with time zone").strip();
            if (independent.isEmpty()) {
                throw new InvalidInputException("step " + ctx.step().id() + " needs the time read from an independent source");
            }
            return new PreparationFacts.ConfirmTime(laptop, independent);
        }
    }

    /**
     * Lists network interfaces that are up besides loopback. Any such interface fails a real
     * ceremony whose policy requires an air gap; a rehearsal records it as a warning.
     */
    static final class CheckAirGap implements ActionHandler<Action.CheckAirGap> {
        public Class<Action.CheckAirGap> actionType() {
            return Action.CheckAirGap.class;
        }

        public PreparationFacts.CheckAirGap perform(Action.CheckAirGap action, StepContext ctx) throws KeyCeremonyException {
            AirGapCheck.Result result;
            try {
                result = AirGapCheck.run();
            } catch (SocketException e) {
                throw new KeyCeremonyException("cannot list network interfaces: " + e.getMessage(), e);
            }
            List<String> up = new ArrayList<>();
            List<PreparationFacts.NetworkInterface> details = new ArrayList<>();
            for (AirGapCheck.LiveInterface i : result.liveInterfaces()) {
                up.add(i.name());
                details.add(new PreparationFacts.NetworkInterface(i.name(), List.copyOf(i.addresses())));
            }
            if (result.airGapped()) {
                return new PreparationFacts.CheckAirGap(up, Optional.of(details), true, Optional.of(result.summary()),
                        Optional.empty(), Optional.empty());
            }
            boolean required = ctx.ceremony().script().policy().requireAirGap();
            if (ctx.ceremony().rehearsal() || !required) {
                return new PreparationFacts.CheckAirGap(up, Optional.of(details), false, Optional.of(result.summary()),
                        Optional.empty(), Optional.of("network interfaces up" + (ctx.ceremony().rehearsal()
                        ? " (rehearsal: allowed)" : " (the policy does not require an air gap)")));
            }
            // A real ceremony that requires an air gap stops here, unless the administrator
            // records why it must go on: that reason is a deviation and is printed as one.
            String reason = ctx.value("The laptop is not air-gapped (" + result.summary() + "). Type the reason to "
                    + "continue anyway (recorded as a deviation), or leave empty to stop and disconnect them").strip();
            if (reason.isEmpty()) {
                throw new KeyCeremonyException("The laptop is not air-gapped: " + result.summary()
                        + ". Disconnect them (cables, Wi-Fi, Bluetooth) and retry the step.");
            }
            return new PreparationFacts.CheckAirGap(up, Optional.of(details), false, Optional.of(result.summary()),
                    Optional.of(reason), Optional.of("NOT air-gapped (" + String.join(", ", up)
                    + "); continued under a recorded deviation: " + reason));
        }
    }

    /** Wipes every memory-only secret of this run (sessions stay: later steps may still sign). */
    static final class Zeroize implements ActionHandler<Action.Zeroize> {
        public Class<Action.Zeroize> actionType() {
            return Action.Zeroize.class;
        }

        public PreparationFacts.Zeroize perform(Action.Zeroize action, StepContext ctx) {
            List<String> wiped = new ArrayList<>();
            for (String name : ctx.ceremony().memoryNames()) {
                if (ActionTraits.isMemorySecret(name) && ctx.ceremony().wipe(name)) {
                    wiped.add(name);
                }
            }
            return new PreparationFacts.Zeroize(wiped);
        }
    }
}
