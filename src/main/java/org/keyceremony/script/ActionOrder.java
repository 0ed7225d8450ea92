package org.keyceremony.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.script.ActionKind.Need;

/**
 * Checks that a script's actions come in an order that can work: what each action needs
 * has been done before it (a share is written only after a split, an HSM is used only
 * while logged in), what is held only in memory has not been wiped since, and a step
 * marked as a resume point does not depend on memory an interruption would lose.
 * The rules are data, declared with each kind ({@link ActionKind#order()}, {@link ActionKind#once()}),
 * so that the README's table and the code agree.
 */
final class ActionOrder {

    /** A step with where it is. */
    private record Placed(Step step, String path, TokenRef token) {
        String kind() {
            return step.action().kind();
        }

        String at() {
            return "step " + step.id();
        }

        String ref() {
            return at() + " (" + kind() + ")";
        }
    }

    private final Problems problems;
    private final List<Placed> steps = new ArrayList<>();

    private ActionOrder(List<Act> acts, Problems problems) {
        this.problems = problems;
        TokenRef transcriptToken = TokenRef.HSM;
        for (Act act : acts) {
            for (Step step : act.steps()) {
                TokenRef token = tokenOf(step.action()).orElse(TokenRef.HSM);
                if (step.action() instanceof Action.IssueTranscriptCertificate issue) {
                    transcriptToken = issue.token();
                } else if (step.action() instanceof Action.SignTranscript) {
                    token = transcriptToken; // signs with the key issued on that token
                }
                steps.add(new Placed(step, ScriptValidator.pathOf(step) + ".action", token));
            }
        }
    }

    /** The token an action names, if it takes one. */
    static Optional<TokenRef> tokenOf(Action action) {
        return ActionKinds.of(action).tokenOf(action);
    }

    static void check(List<Act> acts, Optional<SharingPolicy> sharing, Problems problems) {
        ActionOrder order = new ActionOrder(acts, problems);
        order.checkOnce();
        int[] memoryProvider = order.checkNeeds();
        order.checkLogins();
        order.checkLast();
        new ShareCoverage(problems, sharing).check(order.steps.stream().map(Placed::step).toList(),
                order.steps.stream().map(Placed::path).toList());
        order.checkResumePoints(memoryProvider);
    }

    private void checkOnce() {
        Map<String, Placed> first = new LinkedHashMap<>();
        for (Placed p : steps) {
            Placed earlier = first.putIfAbsent(p.kind(), p);
            if (earlier != null && ActionKinds.of(p.step().action()).once()) {
                problems.at(p.path(), "'" + p.kind() + "' may appear only once; step " + earlier.step().id()
                        + " already has it");
            }
        }
    }

    /** Checks every rule; returns for each step the earliest step whose in-memory result it needs (or -1). */
    private int[] checkNeeds() {
        int[] memoryProvider = new int[steps.size()];
        for (int y = 0; y < steps.size(); y++) {
            Placed step = steps.get(y);
            memoryProvider[y] = -1;
            for (Need need : ActionKinds.of(step.step().action()).order()) {
                int provider = checkNeed(y, step, need);
                if (need.memory() && provider >= 0) {
                    memoryProvider[y] = memoryProvider[y] < 0 ? provider : Math.min(memoryProvider[y], provider);
                }
            }
        }
        return memoryProvider;
    }

    private int checkNeed(int y, Placed step, Need need) {
        String what = need.anyOf().get(0);
        if (need.ifPresent()) {
            for (int z = y + 1; z < steps.size(); z++) {
                if (matches(steps.get(z), need.anyOf(), need.sameToken(), step.token())) {
                    problems.at(step.path(), "'" + step.kind() + "' must come after '" + what + "' ("
                            + steps.get(z).at() + ")");
                    return -1;
                }
            }
            return -1;
        }
        boolean login = need.anyOf().equals(List.of("hsm-login"));
        String token = "token '" + step.token().yamlName() + "'";
        int provider = -1;
        for (int p = y - 1; p >= 0 && provider < 0; p--) {
            if (matches(steps.get(p), need.anyOf(), need.sameToken(), step.token())) {
                provider = p;
            }
        }
        if (provider < 0) {
            problems.at(step.path(), "'" + step.kind() + "' needs " + (login ? token + " logged in; no earlier "
                    + "'hsm-login' of it" : "an earlier '" + what + "'" + (need.sameToken() ? " of " + token : "")));
            return -1;
        }
        for (int u = provider + 1; u < y; u++) {
            if (matches(steps.get(u), need.undoneBy(), need.sameToken(), step.token())) {
                problems.at(step.path(), "'" + step.kind() + "' needs "
                        + (login ? token + " logged in, but " + steps.get(u).at() + " logged it out"
                                : "what " + steps.get(provider).ref() + " holds in memory, but "
                                        + steps.get(u).ref() + " wiped it"));
                return -1;
            }
        }
        return provider;
    }

    private static boolean matches(Placed p, List<String> kinds, boolean sameToken, TokenRef token) {
        return kinds.contains(p.kind()) && (!sameToken || p.token() == token);
    }

    /** A second login to a token that is still logged in is a script mistake, not a harmless repeat. */
    private void checkLogins() {
        Map<TokenRef, Placed> loggedIn = new LinkedHashMap<>();
        for (Placed p : steps) {
            if (p.step().action() instanceof Action.HsmLogin) {
                Placed earlier = loggedIn.put(p.token(), p);
                if (earlier != null) {
                    problems.at(p.path(), "token '" + p.token().yamlName() + "' is still logged in since step "
                            + earlier.step().id());
                }
            } else if (p.step().action() instanceof Action.HsmLogout) {
                loggedIn.remove(p.token());
            }
        }
    }

    private void checkLast() {
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).step().action() instanceof Action.SignTranscript) {
                problems.at(steps.get(i).path(), "'sign-transcript' must be the last step; it closes the event log");
            }
        }
    }

    /**
     * After an interruption the process is gone and with it the KWK and any shares it
     * held; a step is a safe resume point only if nothing from it onwards needs them.
     */
    private void checkResumePoints(int[] memoryProvider) {
        for (int x = 0; x < steps.size(); x++) {
            if (!steps.get(x).step().resumePoint()) {
                continue;
            }
            for (int y = x; y < steps.size(); y++) {
                if (memoryProvider[y] >= 0 && memoryProvider[y] < x) {
                    problems.at(steps.get(x).path().replace(".action", ".resume-point"),
                            "not a safe resume point: " + steps.get(y).ref() + " needs what "
                                    + steps.get(memoryProvider[y]).ref()
                                    + " holds only in memory, which an interruption loses");
                    break;
                }
            }
        }
    }

}
