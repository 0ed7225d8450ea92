package org.keyceremony.ceremony;

import org.keyceremony.script.ActionTraits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.script.Action;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

/**
 * Stand-ins for the HSM, the cards and the backup media: state that outlives the process
 * (like the real ones) so that a simulated crash leaves it behind. Handlers follow the
 * real contract: register the rollback, then create; keep secrets in memory only. A
 * "crash" is thrown at the k-th tick; a tick is each event written and each change to
 * this world.
 */
final class StandInWorld {
    /** Thrown to stop the run dead, as a crash would; an Error so that no handler catches it. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

    final Set<String> hsmObjects = new LinkedHashSet<>();
    final Map<Integer, String> cards = new HashMap<>();
    final Set<String> backups = new HashSet<>();
    /** Step ids whose action fails this many more times. */
    final Map<String, Integer> failures = new HashMap<>();
    final List<String> performed = new ArrayList<>();
    String expectedPin = "1234";
    int crashAt = -1;
    int ticks;
    String lastSplitSetId;
    /** Splits made so far: each gets its own set id, fixed by its number. */
    private int splits;
    boolean quorumVerified;

    /** What this world holds, in a fixed order, to compare before and after. */
    String describe() {
        return "hsm " + new java.util.TreeSet<>(hsmObjects) + ", cards " + new java.util.TreeMap<>(cards) + ", backups "
                + new java.util.TreeSet<>(backups);
    }

    void tick() {
        if (++ticks == crashAt) {
            throw new SimulatedCrash();
        }
    }

    private void maybeFail(StepContext ctx) throws KeyCeremonyException {
        performed.add(ctx.step().id());
        Integer left = failures.get(ctx.step().id());
        if (left != null && left > 0) {
            failures.put(ctx.step().id(), left - 1);
            throw new KeyCeremonyException("stand-in failure of step " + ctx.step().id());
        }
    }

    private static <T> T need(StepContext ctx, String name, Class<T> type) throws KeyCeremonyException {
        return ctx.ceremony().memory(name, type).orElseThrow(() ->
                new KeyCeremonyException(name + " is not in memory at step " + ctx.step().id()));
    }

    /** A KWK share set held in memory: its id only (the test does not need bytes). */
    static final class Shares implements AutoCloseable {
        final String setId;
        boolean wiped;

        Shares(String setId) {
            this.setId = setId;
        }

        public void close() {
            wiped = true;
        }
    }

    private static final class Session implements AutoCloseable {
        public void close() {
        }
    }

    ActionRegistry registry() {
        return ActionRegistry.builder().addAll(BuiltInActions.registry())
                .action(handler(Action.HsmLogin.class, (a, ctx) -> {
                    try (Pin pin = ctx.pin("hsm")) {
                        char[] p = pin.reveal();
                        boolean ok = java.util.Arrays.equals(p, expectedPin.toCharArray());
                        java.util.Arrays.fill(p, '\0');
                        if (!ok) {
                            throw new KeyCeremonyException("PIN incorrect for token hsm");
                        }
                    }
                    ctx.ceremony().keepInMemory("session:hsm", new Session());
                    return new Token("hsm");
                }))
                .action(handler(Action.GenerateRootKey.class, (a, ctx) -> {
                    need(ctx, "session:hsm", Session.class);
                    if (hsmObjects.contains("root-2026")) {
                        throw new KeyCeremonyException("key label root-2026 already exists on the HSM");
                    }
                    ctx.registerRollback("destroy-hsm-object", "root key pair 'root-2026' on token hsm",
                            Map.of("token", "hsm", "label", "root-2026"));
                    hsmObjects.add("root-2026");
                    tick();
                    return new Label("root-2026");
                }))
                .action(handler(Action.GenerateKwk.class, (a, ctx) -> {
                    need(ctx, "session:hsm", Session.class);
                    ctx.ceremony().keepInMemory(ActionTraits.KWK, SecretBytes.adopt(new byte[32]));
                    return new CheckValue("abcd");
                }))
                .action(handler(Action.WrapRootKey.class, (a, ctx) -> {
                    need(ctx, ActionTraits.KWK, SecretBytes.class);
                    ctx.ceremony().keepInMemory(ActionTraits.WRAPPED_KEY, SecretBytes.adopt(new byte[8]));
                    return new Wrapped(true);
                }))
                .action(handler(Action.SplitKwk.class, (a, ctx) -> {
                    need(ctx, ActionTraits.KWK, SecretBytes.class);
                    String id = Seeded.uuid(110 + ++splits).toString();
                    ctx.ceremony().keepInMemory(ActionTraits.SHARES, new Shares(id));
                    lastSplitSetId = id;
                    return new SetId(id);
                }))
                .action(handler(Action.WriteShare.class, (a, ctx) -> {
                    Shares shares = need(ctx, ActionTraits.SHARES, Shares.class);
                    int card = a.custodian();
                    ctx.registerRollback("erase-card-share", "share of set " + shares.setId + " on card-" + card,
                            Map.of("card", (long) card, "shareSetId", shares.setId));
                    cards.put(card, shares.setId);
                    tick();
                    return new CardAndSet("card-" + card, shares.setId);
                }))
                .action(handler(Action.VerifyQuorum.class, (a, ctx) -> {
                    need(ctx, ActionTraits.KWK, SecretBytes.class);
                    Shares shares = need(ctx, ActionTraits.SHARES, Shares.class);
                    for (int c = 1; c <= 3; c++) {
                        if (!shares.setId.equals(cards.get(c))) {
                            throw new KeyCeremonyException("card-" + c + " does not hold a share of set " + shares.setId);
                        }
                    }
                    quorumVerified = true;
                    return new Subsets(3L);
                }))
                .action(handler(Action.WriteBackup.class, (a, ctx) -> {
                    need(ctx, ActionTraits.WRAPPED_KEY, SecretBytes.class);
                    ctx.registerRollback("delete-backup", "backup package on medium 1", Map.of("medium", 1L));
                    backups.add("medium-1");
                    tick();
                    return new Destinations(1L);
                }))
                .rollback(rollback("destroy-hsm-object", r -> hsmObjects.remove((String) r.params().get("label"))))
                .rollback(rollback("erase-card-share", r -> {
                    int card = ((Long) r.params().get("card")).intValue();
                    // Erase only the share of the set named: a newer set's share on the card stays.
                    if (r.params().get("shareSetId").equals(cards.get(card))) {
                        cards.remove(card);
                    }
                }))
                .rollback(rollback("delete-backup", r -> backups.remove("medium-" + r.params().get("medium"))))
                .build();
    }

    interface Body<A> {
        StepFacts run(A action, StepContext ctx) throws KeyCeremonyException;
    }

    // The stand-ins' own facts: no transcript is derived from a stand-in world's log.
    record Token(String token) implements StepFacts {
    }

    record Label(String label) implements StepFacts {
    }

    record CheckValue(String kwkCheckValue) implements StepFacts {
    }

    record Wrapped(boolean wrapped) implements StepFacts {
    }

    record SetId(String shareSetId) implements StepFacts {
    }

    record CardAndSet(String card, String shareSetId) implements StepFacts {
    }

    record Subsets(long subsetsVerified) implements StepFacts {
    }

    record Destinations(long destinations) implements StepFacts {
    }

    private <A extends Action> ActionHandler<A> handler(Class<A> type, Body<A> body) {
        return new ActionHandler<>() {
            public Class<A> actionType() {
                return type;
            }

            public StepFacts perform(A action, StepContext ctx) throws KeyCeremonyException {
                maybeFail(ctx);
                return body.run(action, ctx);
            }
        };
    }

    private RollbackHandler rollback(String kind, java.util.function.Consumer<RegisteredRollback> body) {
        return new RollbackHandler() {
            public String kind() {
                return kind;
            }

            public Map<String, Object> undo(RegisteredRollback r, StepContext ctx) throws KeyCeremonyException {
                Integer left = failures.get("rollback:" + kind);
                if (left != null && left > 0) {
                    failures.put("rollback:" + kind, left - 1);
                    throw new KeyCeremonyException("stand-in removal failure");
                }
                body.accept(r);
                tick();
                return new LinkedHashMap<>(Map.of("removed", r.description()));
            }
        };
    }
}
