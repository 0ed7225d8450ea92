package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.reliability.RehearsalProcess.Line;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;

/**
 * The crash campaign for share rotation (issue 16, case 1): a completed root ceremony's world,
 * then a headless rotation killed with SIGKILL at chosen points and at random moments, then
 * {@code ceremony recover} with resume or abort. After every kill and after every recovery the
 * safety invariant is checked from outside with {@code pkcs11-tool} ({@link RestorePaths}): the
 * sealed root key keeps a backup package plus M shares of its set that rebuild the KWK. Before
 * the fix an abort after the old shares were erased removed the new set as well, and nobody
 * could restore the root key again.
 *
 * <p>Random moments: {@code keyceremony.crash.rotation.random} (default 1) with
 * {@code keyceremony.crash.seed}; the seed is in the test name.
 */
class RotationCrashIT {
    private static final String ROTATION = "share-rotation";
    @TempDir
    static Path shared;
    private static Path root;
    private static RehearsalRuns runs;

    @BeforeAll
    static void completedRootCeremony() throws Exception {
        runs = new RehearsalRuns(shared);
        RehearsalWorld world = RehearsalProcess.completedRoot(shared.resolve("root"));
        root = world.workspace();
    }

    static Stream<Arguments> killPoints() {
        return Stream.of(
                Arguments.of("two new shares written (3.4), then abort", nth(2, "rollback-registered", "3.4"), "abort"),
                Arguments.of("new backup being written (3.6), then abort", nth(1, "rollback-registered", "3.6"), "abort"),
                Arguments.of("root key being sealed (3.8 begun), then resume", nth(1, "step-begin", "3.8"), "resume"),
                Arguments.of("erasing the old shares begun (4.1), then abort", nth(1, "step-begin", "4.1"), "abort"),
                Arguments.of("old shares erased (4.1 ended), then abort", nth(1, "step-end", "4.1"), "abort"),
                Arguments.of("old shares erased (4.1 ended), then resume", nth(1, "step-end", "4.1"), "resume"),
                Arguments.of("transcript being signed (5.3 begun), then abort", nth(1, "step-begin", "5.3"), "abort"));
    }

    static Stream<Arguments> randomMoments() {
        long seed = Long.getLong("keyceremony.crash.seed", System.nanoTime());
        Random r = new Random(seed);
        int count = Integer.getInteger("keyceremony.crash.rotation.random", 1);
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Arguments.of(seed, (long) r.nextInt(3000), r.nextBoolean() ? "resume" : "abort"));
        }
        return out.stream();
    }

    static Predicate<List<Line>> nth(int n, String type, String step) {
        return CrashRecoveryIT.nth(n, type, step);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("killPoints")
    void killedAtAPointTheRotationIsRecoveredAndTheKeyKeepsARestorePath(String where, Predicate<List<Line>> killPoint,
            String choice, @TempDir Path tmp) throws Exception {
        crashAndRecover(tmp, killPoint, -1, choice, where);
    }

    @ParameterizedTest(name = "seed {0}: killed {1} ms after the first event, then {2}")
    @MethodSource("randomMoments")
    void killedAtARandomMomentTheRotationIsRecoveredAndTheKeyKeepsARestorePath(long seed, long millis, String choice,
            @TempDir Path tmp) throws Exception {
        crashAndRecover(tmp, l -> false, millis, choice, "seed " + seed + ", " + millis + " ms, then " + choice);
    }

    private void crashAndRecover(Path tmp, Predicate<List<Line>> killPoint, long millis, String choice, String where)
            throws Exception {
        RehearsalWorld world = RehearsalWorld.open(RehearsalRuns.fork(root, tmp.resolve("ws")));
        Path answers = runs.answers(ROTATION, Map.of());
        Path chosen = tmp.resolve("answers.yaml");
        Files.writeString(chosen, Files.readString(answers).replace("recovery: resume", "recovery: " + choice));
        Set<String> oldSet = shareSets(world);
        assertThat(oldSet).as("the root ceremony left one share set").hasSize(1);

        Process p = RehearsalProcess.startRehearsal(world, runs.ecScript(ROTATION), chosen);
        int seen = RehearsalProcess.killWhen(world, ROTATION, p, killPoint, millis);
        String context = where + " (killed at about event " + seen + ")";
        RestorePaths.assertHeld(world, "right after the kill, " + context);

        Path dir = RehearsalProcess.ceremonyDir(world, ROTATION);
        if (dir == null || !Files.isRegularFile(dir.resolve("events.jsonl"))) {
            assertThat(millis).as("only a random kill may come before the first event: " + context).isNotNegative();
            return;
        }
        List<Event> before = EventLogVerifier.verify(dir.resolve("events.jsonl")).events();
        boolean ended = !before.isEmpty() && before.get(before.size() - 1).type().equals("ceremony-end");
        Path out = tmp.resolve("recover.out");
        if (!ended) {
            int code = RehearsalProcess.run(RehearsalProcess.launcher(world, true, out, "recover", dir.toString(),
                    "--answers", chosen.toString()));
            if (code != 0 && Files.readString(out).contains("cannot be aborted")) {
                // the signed transcript was written: a completed ceremony is never undone; it is finished instead
                Files.writeString(chosen, Files.readString(chosen).replace("recovery: abort", "recovery: resume"));
                choice = "resume";
                context += "; abort refused (signed transcript written), resumed";
                code = RehearsalProcess.run(RehearsalProcess.launcher(world, true, out, "recover", dir.toString(),
                        "--answers", chosen.toString()));
            }
            assertThat(code).as("recover, %s:%n%s", context, Files.readString(out)).isZero();
        }
        Map<String, List<RestorePaths.RestorePath>> paths = RestorePaths.assertHeld(world, "after recover, " + context);

        EventLogVerifier.Result log = EventLogVerifier.verify(dir.resolve("events.jsonl"));
        assertThat(log.valid()).as("log chain verifies, " + context).isTrue();
        Event end = log.events().get(log.events().size() - 1);
        assertThat(end.type()).isEqualTo("ceremony-end");
        String outcome = String.valueOf(end.data().get("outcome"));
        if (!ended) {
            assertThat(outcome).as(context).isEqualTo(choice.equals("resume") ? "completed" : "aborted");
        }
        boolean erasureBegun = log.events().stream().anyMatch(e -> e.type().equals("step-begin") && e.step().equals("4.1"));
        Set<String> after = shareSets(world);
        if (outcome.equals("completed")) {
            // the new set is the restore path; the old one was retired below its threshold (the shares read in 2.5 erased)
            assertThat(paths.values()).as(context).allSatisfy(l -> assertThat(l).isNotEmpty()
                    .allMatch(rp -> !oldSet.contains(rp.shareSet())));
            assertThat(after).as("a new set on the cards, " + context).hasSize(2).containsAll(oldSet);
        } else if (erasureBegun) {
            // the new set had become the live restore path: the abort kept it, said so, and recorded it
            assertThat(paths.values()).as(context).allSatisfy(l -> assertThat(l).anyMatch(rp -> !oldSet.contains(rp.shareSet())));
            assertThat(log.events()).as("refused removals recorded, " + context)
                    .anyMatch(e -> e.type().equals("rollback") && "refused".equals(e.data().get("outcome")));
            if (!ended) {
                assertThat(Files.readString(out)).as(context).contains("Kept on purpose");
            }
        } else {
            assertThat(after).as("the abort removed the new set and left the old one whole, " + context)
                    .isEqualTo(oldSet);
        }
    }

    /** Share set ids (hex) on the world's cards. */
    private static Set<String> shareSets(RehearsalWorld world) throws Exception {
        Set<String> sets = new HashSet<>();
        Map<String, List<ShareEnvelope>> shares = RestorePaths.readShares(world);
        try {
            shares.values().forEach(l -> l.forEach(s -> sets.add(s.setId().hex())));
        } finally {
            shares.values().forEach(l -> l.forEach(ShareEnvelope::close));
        }
        return sets;
    }
}
