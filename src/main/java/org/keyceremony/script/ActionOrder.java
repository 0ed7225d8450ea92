package org.keyceremony.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a script's actions come in an order that can work: what each action needs
 * has been done before it (a share is written only after a split, an HSM is used only
 * while logged in), what is held only in memory has not been wiped since, and a step
 * marked as a resume point does not depend on memory an interruption would lose.
 * The rules are data ({@link #RULES}) so that the README's table and the code agree.
 */
final class ActionOrder {

    /**
     * One requirement of an action.
     *
     * @param anyOf     an earlier step must have one of these actions
     * @param sameToken ... on the same HSM token as this step
     * @param undoneBy  ... with none of these actions (same token, if token-bound) in between
     * @param ifPresent only an order: if the script has such a step at all, it comes earlier
     */
    record Need(List<String> anyOf, boolean sameToken, List<String> undoneBy, boolean ifPresent) {
        static Need done(String kind) {
            return new Need(List.of(kind), false, List.of(), false);
        }

        /** The result of {@code kind} lives only in memory until a {@code zeroize}. */
        static Need inMemory(String kind) {
            return new Need(List.of(kind), false, List.of("zeroize"), false);
        }

        static Need onToken(String kind) {
            return new Need(List.of(kind), true, List.of(), false);
        }

        static Need loggedIn() {
            return new Need(List.of("hsm-login"), true, List.of("hsm-logout"), false);
        }

        static Need after(String kind) {
            return new Need(List.of(kind), false, List.of(), true);
        }

        boolean memory() {
            return undoneBy.contains("zeroize");
        }
    }

    static final Map<String, List<Need>> RULES = new LinkedHashMap<>();

    static {
        RULES.put("hsm-login", List.of(Need.onToken("identify-hsm"), Need.done("record-participants"),
                Need.after("check-air-gap")));
        RULES.put("hsm-logout", List.of(Need.loggedIn()));
        RULES.put("check-key-protection", List.of(Need.loggedIn()));
        RULES.put("generate-root-key", List.of(Need.loggedIn(), Need.onToken("check-key-protection")));
        RULES.put("self-sign-certificate", List.of(Need.done("generate-root-key"), Need.loggedIn()));
        RULES.put("issue-transcript-certificate", List.of(Need.loggedIn(), Need.after("self-sign-certificate"),
                Need.after("verify-restored-key")));
        RULES.put("generate-kwk", List.of(Need.loggedIn(), Need.after("combine-kwk")));
        RULES.put("wrap-root-key", List.of(Need.inMemory("generate-kwk"), Need.loggedIn(), Need.after("generate-root-key"),
                Need.onToken("check-key-protection"), Need.after("combine-kwk")));
        RULES.put("split-kwk", List.of(Need.inMemory("generate-kwk"), Need.after("wrap-root-key")));
        RULES.put("write-share", List.of(Need.inMemory("split-kwk")));
        RULES.put("verify-quorum", List.of(Need.inMemory("write-share")));
        RULES.put("write-backup", List.of(Need.done("wrap-root-key"), Need.done("verify-quorum")));
        RULES.put("verify-backup-restores", List.of(Need.done("write-backup"), Need.inMemory("generate-kwk"),
                Need.loggedIn()));
        RULES.put("load-backup", List.of(Need.done("record-participants"), Need.after("check-air-gap")));
        RULES.put("read-share", List.of(Need.done("load-backup")));
        RULES.put("combine-kwk", List.of(Need.inMemory("read-share")));
        RULES.put("unwrap-into-hsm", List.of(Need.done("load-backup"), Need.inMemory("combine-kwk"), Need.loggedIn(),
                Need.onToken("check-key-protection")));
        RULES.put("verify-restored-key", List.of(Need.onToken("unwrap-into-hsm"), Need.loggedIn()));
        RULES.put("check-card", List.of(Need.done("load-backup")));
        RULES.put("seal-root-key", List.of(Need.loggedIn(), Need.after("verify-backup-restores"),
                Need.after("verify-restored-key")));
        RULES.put("erase-share", List.of(Need.done("write-backup"), Need.after("verify-backup-restores"),
                Need.after("seal-root-key")));
        RULES.put("sign-transcript", List.of(Need.done("issue-transcript-certificate"), Need.loggedIn()));
    }

    /** Actions a script may have at most once. */
    static final Set<String> ONCE = Set.of("record-participants", "record-software", "generate-root-key",
            "seal-root-key",
            "self-sign-certificate", "issue-transcript-certificate", "generate-kwk", "wrap-root-key", "split-kwk",
            "verify-quorum", "write-backup", "verify-backup-restores", "load-backup", "combine-kwk",
            "unwrap-into-hsm", "sign-transcript");

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
        if (action instanceof Action.IdentifyHsm a) {
            return Optional.of(a.token());
        } else if (action instanceof Action.HsmLogin a) {
            return Optional.of(a.token());
        } else if (action instanceof Action.HsmLogout a) {
            return Optional.of(a.token());
        } else if (action instanceof Action.IssueTranscriptCertificate a) {
            return Optional.of(a.token());
        } else if (action instanceof Action.UnwrapIntoHsm a) {
            return Optional.of(a.token());
        } else if (action instanceof Action.VerifyRestoredKey a) {
            return Optional.of(a.token());
        } else if (action instanceof Action.CheckKeyProtection a) {
            return Optional.of(a.token());
        } else if (action instanceof Action.SealRootKey a) {
            return Optional.of(a.token());
        }
        return Optional.empty();
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
            if (earlier != null && ONCE.contains(p.kind())) {
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
            for (Need need : RULES.getOrDefault(step.kind(), List.of())) {
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
