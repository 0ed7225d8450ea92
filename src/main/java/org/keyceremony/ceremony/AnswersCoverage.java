package org.keyceremony.ceremony;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;

/**
 * Whether a rehearsal answers file answers every question the script will ask, checked before the
 * first event: a PIN or a value the file lacks would otherwise stop the rehearsal after the key
 * exists (a card's PIN missing was found only at step 3.4, and the abort then recorded a false
 * "not removed" for a card never written). What can be known in advance is checked: the PINs of the
 * tokens and of every card the script or the file names, the typed values each step asks, the
 * confirmations given by initials. What the people decide at the moment (a final PIN try, which
 * cards a card check finds in the package) is not.
 */
final class AnswersCoverage {
    private AnswersCoverage() {
    }

    /**
     * Every question from step {@code from} on that {@code a} cannot answer, each naming the field to add.
     *
     * @param cardsByCustodian the card each custodian presents by default (1-based), as the environment names them
     */
    static List<String> problems(AnswersFile a, String name, CeremonyScript script, Map<Integer, String> cardsByCustodian,
                                 int from) {
        List<String> out = new ArrayList<>();
        List<Step> steps = script.steps();
        boolean rotation = script.metadata().kind() == CeremonyKind.SHARE_ROTATION;
        int n = script.policy().sharing().map(s -> s.shares()).orElse(0);
        int m = script.policy().sharing().map(s -> s.threshold()).orElse(0);
        for (int i = Math.max(0, from); i < steps.size(); i++) {
            Step s = steps.get(i);
            String at = "step " + s.id() + " (" + s.action().kind() + ")";
            confirmation(a, name, s, out);
            Action action = s.action();
            if (action instanceof Action.HsmLogin login) {
                pin(a, name, login.token().yamlName(), at, out);
            } else if (action instanceof Action.WrapRootKey) {
                pin(a, name, "hsm-so", at + ": the security officer logs in to mark the key-wrapping key trusted", out);
                pin(a, name, "hsm", at + ": the administrator logs in again", out);
            } else if (action instanceof Action.ConfirmTime) {
                values(a, name, s, 1, at + " asks the time from an independent source", out);
            } else if (action instanceof Action.Manual manual && manual.record() != null && manual.valueRequired()) {
                values(a, name, s, 1, at + " asks \"" + manual.record() + "\"", out);
            } else if (action instanceof Action.LoadBackup) {
                values(a, name, s, 2, at + " asks which package and its SHA-256 (each may be \"\")", out);
            } else if (action instanceof Action.ReadShare) {
                List<String> cards = cards(a, s);
                int needed = rotation ? 1 : Math.max(1, m);
                if (cards.size() < needed) {
                    out.add(name + ": values.\"" + s.id() + "\" names " + cards.size() + " card(s); " + at + " needs at "
                            + "least " + needed + " (one per custodian who presents a card)");
                }
                cards.forEach(c -> pin(a, name, c, at + " reads " + c, out));
            } else if (action instanceof Action.WriteShare write) {
                if (rotation) {
                    List<String> given = a.values().getOrDefault(s.id(), List.of());
                    int wanted = write.custodian() == null ? n : 1;
                    if (given.size() < wanted) {
                        out.add(name + ": values.\"" + s.id() + "\" gives " + given.size() + " new custodian(s); " + at
                                + " asks " + wanted + " ('INITIALS CARD', e.g. 'CC card-1')");
                    }
                    for (String v : given) {
                        String[] parts = v.strip().split("\\s+", 2);
                        if (parts.length == 2) {
                            pin(a, name, parts[1].strip(), at + " writes a share to " + parts[1].strip(), out);
                        }
                    }
                } else {
                    List<Integer> custodians = write.custodian() == null ? range(n) : List.of(write.custodian());
                    List<String> typed = a.values().getOrDefault(s.id(), List.of());
                    int next = 0;
                    for (int c : custodians) {
                        String card = cardsByCustodian.getOrDefault(c, "");
                        if (card.isEmpty()) {
                            if (next >= typed.size()) {
                                out.add(name + ": values.\"" + s.id() + "\" gives no card for custodian " + c + "; " + at
                                        + " asks for it");
                                continue;
                            }
                            card = typed.get(next++).strip();
                        }
                        pin(a, name, card, at + " writes custodian " + c + "'s share to " + card, out);
                    }
                }
            } else if (action instanceof Action.CheckCard || action instanceof Action.EraseShare) {
                List<String> given = a.values().getOrDefault(s.id(), List.of());
                if (given.isEmpty()) {
                    out.add(name + ": values.\"" + s.id() + "\" is missing; " + at + " asks which cards are presented "
                            + "(\"\" for every card the backup names, in a card check)");
                } else {
                    for (String c : given.get(0).split(",")) {
                        if (!c.isBlank()) {
                            pin(a, name, c.strip(), at + " reads " + c.strip(), out);
                        }
                    }
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    private static void confirmation(AnswersFile a, String name, Step s, List<String> out) {
        String initials = a.confirmations().get(s.id());
        if (initials == null || initials.equals("by-role")) {
            initials = a.defaultConfirmation();
        }
        if (initials.equals("by-role")) {
            if (a.participants().stream().noneMatch(p -> p.role() == s.confirmer())) {
                out.add(name + ": nobody in participants holds the role " + s.confirmer().yamlName() + " to confirm step "
                        + s.id());
            }
            return;
        }
        String given = initials;
        if (a.participants().stream().noneMatch(p -> p.initials().equals(given) && p.role() == s.confirmer())) {
            out.add(name + ": confirmations for step " + s.id() + " names \"" + given + "\", who is not a participant "
                    + "with the role " + s.confirmer().yamlName());
        }
    }

    private static void pin(AnswersFile a, String name, String holder, String why, List<String> out) {
        if (!a.pins().containsKey(holder)) {
            out.add(name + ": pins." + holder + " is missing (" + why + ")");
        }
    }

    private static void values(AnswersFile a, String name, Step s, int count, String why, List<String> out) {
        List<String> v = a.values().getOrDefault(s.id(), List.of());
        if (v.size() < count) {
            out.add(name + ": values.\"" + s.id() + "\" " + (v.isEmpty() ? "is missing" : "gives " + v.size()
                    + " value(s), " + count + " needed") + "; " + why);
        }
    }

    private static List<String> cards(AnswersFile a, Step s) {
        Set<String> cards = new LinkedHashSet<>();
        for (String v : a.values().getOrDefault(s.id(), List.of())) {
            if (!v.isBlank()) {
                cards.add(v.strip());
            }
        }
        return new ArrayList<>(cards);
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            r.add(i);
        }
        return r;
    }
}
