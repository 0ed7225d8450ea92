package org.keyceremony.ceremony;

import org.keyceremony.script.ActionTraits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.keyceremony.script.Act;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Policy;
import org.keyceremony.script.Step;
import org.keyceremony.journal.EventLog;

/**
 * The dry run: every step of a validated script, what it will ask for, what it will
 * create, which memory-only secrets it holds, and whether this build can perform it.
 * Built from the script and the registry alone: nothing is opened or written.
 */
public record CeremonyPlan(CeremonyScript script, List<PlannedStep> steps) {
    public CeremonyPlan {
        steps = List.copyOf(steps);
    }

    /** One step of the plan. */
    public record PlannedStep(String act, Step step, ActionTraits traits, boolean available) {
    }

    public static CeremonyPlan of(CeremonyScript script, ActionRegistry registry) {
        List<PlannedStep> steps = new ArrayList<>();
        for (Act act : script.acts()) {
            for (Step s : act.steps()) {
                steps.add(new PlannedStep(act.number() + ". " + act.title(), s, ActionTraits.of(s.action(), script),
                        registry.supports(s.action())));
            }
        }
        return new CeremonyPlan(script, steps);
    }

    /** Steps whose action this build cannot perform (a run refuses to start while any remain). */
    public List<PlannedStep> unavailable() {
        return steps.stream().filter(s -> !s.available()).toList();
    }

    /** The plan as text for a terminal or a review printout. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        var m = script.metadata();
        sb.append("Dry run of ").append(m.name()).append(' ').append(m.version()).append(" (").append(m.kind().yamlName())
                .append(")\n");
        sb.append("Script SHA-256: ").append(script.sha256Hex()).append('\n');
        sb.append("Policy: ").append(policy(script.policy())).append('\n');
        sb.append("Roles: ").append(script.roles().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().yamlName() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        sb.append("Nothing was opened or written: no PKCS#11 session, no file.\n");
        String act = null;
        for (PlannedStep p : steps) {
            if (!p.act().equals(act)) {
                act = p.act();
                sb.append('\n').append("Act ").append(act).append('\n');
            }
            Step s = p.step();
            sb.append("  ").append(s.id()).append(' ').append(s.title()).append("  [").append(s.action().kind()).append(']')
                    .append(s.resumePoint() ? "  (safe resume point)" : "").append('\n');
            sb.append("      acts: ").append(s.actor().yamlName()).append("; confirms: ").append(s.confirmer().yamlName())
                    .append(" (initials)\n");
            for (String a : p.traits().asks()) {
                sb.append("      asks: ").append(a).append('\n');
            }
            for (String c : p.traits().creates()) {
                sb.append("      creates: ").append(c).append('\n');
            }
            if (!p.traits().memoryOnlySecrets().isEmpty()) {
                sb.append("      held in memory only (lost in a crash, redone on resume): ")
                        .append(String.join(", ", p.traits().memoryOnlySecrets())).append('\n');
            }
            if (!p.available()) {
                sb.append("      NOT AVAILABLE in this build\n");
            }
        }
        sb.append("\nFiles the run writes into its output directory: ").append(EventLog.FILE_NAME)
                .append(" (hash-chained event log), ").append(Engine.SCRIPT_COPY).append(" (copy of this script)\n");
        sb.append(steps.size()).append(" steps in ").append(script.acts().size()).append(" acts.");
        if (!unavailable().isEmpty()) {
            sb.append(" A run would refuse to start: ").append(unavailable().stream()
                    .map(p -> "step " + p.step().id() + ": action " + p.step().action().kind() + " is not available in this build")
                    .collect(Collectors.joining("; "))).append('.');
        }
        return sb.append('\n').toString();
    }

    private static String policy(Policy p) {
        List<String> parts = new ArrayList<>();
        p.key().ifPresent(k -> parts.add((k.curve() == null ? "RSA-" + k.rsaBits() : "EC " + k.curve())
                + " key '" + k.label() + "' (CKA_ID " + k.idHex() + ")"));
        p.sharing().ifPresent(s -> parts.add(s.threshold() + "-of-" + s.shares() + " KWK shares"));
        p.certificate().ifPresent(c -> parts.add("certificate " + c.subjectDn() + ", "
                + (c.validity() instanceof org.keyceremony.script.CertificateValidity.Fixed f
                        ? "valid " + f.notBefore() + " to " + f.notAfter()
                        : ((org.keyceremony.script.CertificateValidity.DaysFromSigning) c.validity()).days() + " days")
                + ", " + c.digest()));
        parts.add(p.requireAirGap() ? "air gap required" : "air gap not required");
        parts.add(p.backupDestinations() + " backup destination(s)");
        return String.join("; ", parts);
    }
}
