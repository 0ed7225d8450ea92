package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.reliability.RehearsalProcess.Line;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.transcript.TranscriptVerifier;

/**
 * The crash campaign: a headless rehearsal (EC P-384 variant of the root script) in its own
 * process, killed with SIGKILL at chosen step boundaries and at random moments, then
 * {@code ceremony recover}. Afterwards the log chain verifies, the ceremony ended (completed
 * or aborted with its removals), the cards hold exactly the live share set (or nothing), no
 * share or KWK byte is in any file, and the transcript records the interruption. After every
 * kill and every recovery the safety invariant is checked with {@code pkcs11-tool}
 * ({@link RestorePaths}); share rotation has its own campaign ({@link RotationCrashIT}).
 *
 * <p>CI runs nine kill points and {@code keyceremony.crash.random} (default 2) random
 * moments; a soak: {@code mvn verify -Dit.test=CrashRecoveryIT -Dkeyceremony.crash.random=100}.
 */
class CrashRecoveryIT {
    static final Path SCRIPT = CeremonyTable.SCRIPT;
    private static final Pattern DATA_LABEL = Pattern.compile("label:\\s+'([^']*)'");

    /** A kill point: the n-th event of {@code type} in step {@code step}. */
    static Predicate<List<Line>> nth(int n, String type, String step) {
        return lines -> lines.stream().filter(l -> l.type().equals(type) && l.step().equals(step)).count() >= n;
    }

    static Stream<Arguments> killPoints() {
        return Stream.of(
                Arguments.of("key generation begun (2.3)", nth(1, "step-begin", "2.3"), "resume", true),
                Arguments.of("root key registered for removal, mid generation (2.3)",
                        nth(1, "rollback-registered", "2.3"), "resume", true),
                // Resumes from 2.1: the root key and certificate are made again, so the log records 2.4 twice and
                // the transcript must be signed under the second root certificate (found by a random kill).
                Arguments.of("transcript-signing key being made (2.5 begun)", nth(1, "step-begin", "2.5"), "resume", true),
                Arguments.of("KWK made, only in memory (3.1 ended)", nth(1, "step-end", "3.1"), "resume", true),
                Arguments.of("three shares written of five (3.4)", nth(3, "rollback-registered", "3.4"), "resume", false),
                Arguments.of("three shares written of five, then abort (3.4)", nth(3, "rollback-registered", "3.4"),
                        "abort", true),
                Arguments.of("quorum verified (3.5 confirmed)", nth(1, "step-confirmed", "3.5"), "resume", true),
                Arguments.of("first backup being written (3.6), a partial file left on media-1",
                        nth(1, "rollback-registered", "3.6"), "resume", true),
                Arguments.of("transcript being signed (4.4 begun)", nth(1, "step-begin", "4.4"), "resume", true),
                // The window a random kill found in CI: the signing step has begun, so an abort keeps everything.
                Arguments.of("transcript being signed (4.4 begun), then abort: everything kept",
                        nth(1, "step-begin", "4.4"), "abort", true),
                Arguments.of("transcript signed and its key destroyed, not yet confirmed (4.4 ended)",
                        nth(1, "step-end", "4.4"), "resume", true),
                Arguments.of("transcript signed (4.4 ended), abort asked: refused, resumed instead",
                        nth(1, "step-end", "4.4"), "abort", true));
    }

    static Stream<Arguments> randomMoments() {
        long seed = Long.getLong("keyceremony.crash.seed", System.nanoTime());
        Random r = new Random(seed);
        int count = Integer.getInteger("keyceremony.crash.random", 2);
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Arguments.of(seed, (long) r.nextInt(1800), r.nextBoolean() ? "resume" : "abort"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, then {2}")
    @MethodSource("killPoints")
    void killedAtAStepBoundaryTheCeremonyIsRecovered(String where, Predicate<List<Line>> killPoint, String choice,
            boolean worldEnvironment, @TempDir Path tmp) throws Exception {
        crashAndRecover(tmp, killPoint, -1, choice, worldEnvironment, where, where.contains("partial file")
                ? CrashRecoveryIT::plantPartialBackup : w -> { });
    }

    /** What a kill in the middle of writing the backup leaves: its hidden partial file, cut short. */
    private static void plantPartialBackup(RehearsalWorld world) {
        try {
            Path dir = RehearsalProcess.ceremonyDir(world);
            String id = String.valueOf(EventLogVerifier.verify(dir.resolve("events.jsonl")).events().get(0).data()
                    .get("ceremonyId"));
            Path backup = world.workspace().resolve("media-1").resolve("root-ca-backup-" + id + ".kcbackup");
            if (!Files.exists(backup)) {
                Files.write(org.keyceremony.journal.DurableFile.partialOf(backup), new byte[] {0x30, (byte) 0x80, 6});
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "seed {0}: killed {1} ms after the first event, then {2}")
    @MethodSource("randomMoments")
    void killedAtARandomMomentTheCeremonyIsRecovered(long seed, long millis, String choice, @TempDir Path tmp)
            throws Exception {
        crashAndRecover(tmp, l -> false, millis, choice, true, "seed " + seed + ", " + millis + " ms", w -> { });
    }

    @org.junit.jupiter.api.Test
    void aCardDestroyedByTheCrashIsNamedAndTheCeremonyResumesOnceItIsReplaced(@TempDir Path tmp) throws Exception {
        // SoftHSM2 rewrites token.object in place; a kill at that moment leaves it empty and the
        // token unlisted. Made deterministic here by emptying card-2's file after the kill.
        String context = crashAndRecover(tmp, nth(3, "rollback-registered", "3.4"), -1, "resume", true,
                "card-2 destroyed", world -> {
                    try (Stream<Path> dirs = Files.list(world.workspace().resolve("tokens"))) {
                        for (Path d : dirs.toList()) {
                            Path f = d.resolve("token.object");
                            if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("card-2 ")) {
                                Files.write(f, new byte[0]);
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        // card-3, being written at the kill, may really have been destroyed as well
        assertThat(context).containsPattern("cards destroyed by the kill and replaced: \\[.*card-2.*\\]");
    }

    /** True if the ceremony folder holds its signed transcript (written in step 4.4, before the key is destroyed). */
    private static boolean signedTranscriptIn(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("transcript-.*\\.pdf"));
        }
    }

    private String crashAndRecover(Path tmp, Predicate<List<Line>> killPoint, long millis, String choice,
            boolean worldEnvironment, String where, java.util.function.Consumer<RehearsalWorld> afterKill)
            throws Exception {
        RehearsalWorld world = RehearsalWorld.create(tmp.resolve("ws"), 7, RehearsalWorld.DEFAULT_USER_PIN,
                RehearsalWorld.DEFAULT_SO_PIN);
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, Files.readString(RehearsalRuns.SHIPPED_ANSWERS).replace("recovery: resume",
                "recovery: " + choice));
        Process p = RehearsalProcess.startRehearsal(world, SCRIPT, answers);
        int seen = RehearsalProcess.killWhen(world, p, killPoint, millis);
        afterKill.accept(world);
        Path dir = RehearsalProcess.ceremonyDir(world);
        String context = where + " (killed at about event " + seen + ")";
        RestorePaths.assertHeld(world, "right after the kill, " + context);
        if (dir == null || !Files.isRegularFile(dir.resolve("events.jsonl"))) {
            assertThat(millis).as("only a random kill may come before the first event: " + context).isNotNegative();
            return context;
        }
        Path recoverOut = tmp.resolve("recover.out");
        List<Event> before = EventLogVerifier.verify(dir.resolve("events.jsonl")).events();
        boolean ended = !before.isEmpty() && before.get(before.size() - 1).type().equals("ceremony-end");
        if (!ended && choice.equals("abort") && signedTranscriptIn(dir)) {
            // Killed after the signed transcript was written: it records a completed ceremony, so an abort
            // (which would remove the root key it certifies) is refused, and the ceremony is resumed instead.
            int refused = RehearsalProcess.run(RehearsalProcess.launcher(world, worldEnvironment, recoverOut, "recover",
                    dir.toString(), "--answers", answers.toString()));
            assertThat(refused).as("abort refused after the transcript, " + context).isNotZero();
            assertThat(read(recoverOut)).contains("cannot be aborted");
            assertThat(EventLogVerifier.verify(dir.resolve("events.jsonl")).events()).as("the refusal wrote nothing")
                    .hasSameSizeAs(before);
            choice = "resume";
            Files.writeString(answers, Files.readString(answers).replace("recovery: abort", "recovery: resume"));
            context += "; abort refused (signed transcript written), resumed";
        }
        if (!ended) {
            int code = RehearsalProcess.run(RehearsalProcess.launcher(world, worldEnvironment, recoverOut, "recover",
                    dir.toString(), "--answers", answers.toString()));
            // SoftHSM2 rewrites a token's token.object in place: a SIGKILL at that moment destroys
            // the card (it is no longer listed). Recovery then names the card and stops; the
            // custodian's card is replaced, and recovery is run again, as docs/reliability.md says.
            List<String> destroyed = destroyedCards(dir);
            if (code != 0 && !destroyed.isEmpty() && !endedNow(dir)) {
                assertThat(read(recoverOut)).contains("could not be removed");
                for (String card : destroyed) {
                    world.initToken(card, RehearsalWorld.DEFAULT_USER_PIN, RehearsalWorld.DEFAULT_SO_PIN);
                }
                context += "; cards destroyed by the kill and replaced: " + destroyed;
                code = RehearsalProcess.run(RehearsalProcess.launcher(world, worldEnvironment, recoverOut, "recover",
                        dir.toString(), "--answers", answers.toString()));
            }
            if (code != 0 && !destroyed.isEmpty() && choice.equals("abort")) {
                context += "; the abort could not erase destroyed cards " + destroyed;
            } else {
                assertThat(code).as("recover exit code, %s; output:%n%s", context, read(recoverOut)).isZero();
            }
        }

        try (Stream<Path> all = Files.walk(world.workspace())) {
            assertThat(all.filter(f -> f.getFileName().toString().endsWith(".partial")).toList())
                    .as("no partial file left, " + context).isEmpty();
        }
        RestorePaths.assertHeld(world, "after recover, " + context);
        EventLogVerifier.Result log = EventLogVerifier.verify(dir.resolve("events.jsonl"));
        assertThat(log.valid()).as("log chain verifies, " + context).isTrue();
        Event end = log.events().get(log.events().size() - 1);
        assertThat(end.type()).isEqualTo("ceremony-end");
        boolean completed = "completed".equals(end.data().get("outcome"));
        // Killed once the signing step had begun (a random moment can land there): the ceremony counts as
        // completed, so its abort removes nothing and says so; the key keeps its whole restore path.
        boolean keptAfterSigning = !completed
                && String.valueOf(end.data().get("rollbacksKept")).contains("reached its signing step");
        if (!ended) {
            assertThat(log.events()).as("a recovery event").anyMatch(e -> e.type().equals("recovery"));
            assertThat(end.data().get("outcome")).as(context).isEqualTo(choice.equals("resume") ? "completed" : "aborted");
        }
        String liveSet = completed || keptAfterSigning ? lastShareSet(log.events()) : null;
        List<ShareEnvelope> live = new ArrayList<>();
        try {
            List<String> gone = completed || keptAfterSigning ? List.of() : destroyedCards(dir);
            List<String> torn = new ArrayList<>();
            for (int card = 1; card <= 7; card++) {
                if (gone.contains("card-" + card)) {
                    continue; // destroyed by the kill: it holds nothing anyone can read
                }
                List<String> all = dataLabels(world, card);
                // SoftHSM2 creates an object's file before it writes the object's attributes: a SIGKILL in
                // between leaves an object with no attributes at all (no label, no value) on the card being
                // written. It holds no share and no secret; it is counted below, at most one card.
                if (all.contains("")) {
                    torn.add("card-" + card);
                }
                List<String> labels = all.stream().filter(l -> !l.isEmpty()).toList();
                if ((completed || keptAfterSigning) && card <= 5) {
                    assertThat(labels).as("card-%d holds exactly the live share, %s", card, context)
                            .containsExactly("keyceremony-share " + liveSet.substring(0, 8) + " #" + card);
                    live.add(ShareEnvelopeCodec.decode(RehearsalRuns.pkcs11Output(world.workspace(), "--token-label",
                            "card-" + card, "--login", "--pin", RehearsalWorld.DEFAULT_USER_PIN, "--read-object",
                            "--type", "data", "--application-label", "keyceremony")));
                } else {
                    assertThat(labels).as("card-%d holds no share, %s", card, context).isEmpty();
                }
            }
            assertThat(torn).as("an attribute-less object torn by the kill, on the one card being written, %s", context)
                    .hasSizeLessThanOrEqualTo(1);
            List<String> keys = privateKeyLabels(world);
            List<Path> media = files(world.workspace().resolve("media-1"));
            media.addAll(files(world.workspace().resolve("media-2")));
            if (completed) {
                // The transcript-signing key was destroyed once the transcript was signed: the root key alone.
                assertThat(keys).as(context).containsExactly("root-ca");
                assertThat(media).as("one backup on each medium, " + context).hasSize(2);
                assertThat(Files.readAllBytes(media.get(0))).isEqualTo(Files.readAllBytes(media.get(1)));
                Path pdf = files(dir).stream().filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow();
                assertThat(TranscriptVerifier.verify(pdf, (String) null).valid()).as("transcript verifies, " + context).isTrue();
                Event signed = log.events().stream().filter(e -> e.type().equals("step-end") && e.step().equals("4.4"))
                        .reduce((a, b) -> b).orElseThrow();
                String facts = String.valueOf(signed.data().get("facts"));
                assertThat(facts).as(context).contains("signingKeyDestroyed=true");
                boolean destroyedBeforeKill = before.stream().anyMatch(e -> e.type().equals("step-end")
                        && e.step().equals("4.4") && String.valueOf(e.data().get("facts")).contains("signingKeyDestroyed=true"));
                // A kill that lands after 4.4 was also confirmed leaves nothing to redo: resume only closes.
                boolean confirmedBeforeKill = before.stream().anyMatch(e -> e.type().equals("step-confirmed")
                        && e.step().equals("4.4"));
                if (destroyedBeforeKill && !ended && !confirmedBeforeKill) {
                    assertThat(facts).as("the resumed step found the transcript and the key gone, " + context)
                            .contains("signedBeforeInterruption=true", "signingKeyAlreadyAbsent=true");
                }
                if (facts.contains("signedBeforeInterruption=true")) {
                    // killed after the transcript was written: the resumed step finished with that one (and
                    // destroyed its key) instead of signing a second; the log file records the recovery
                    assertThat(text(pdf)).as(context).doesNotContain("ceremony recover: resume");
                } else if (!ended && !confirmedBeforeKill) {
                    // signed after the recovery (a kill after 4.4 was confirmed left the transcript signed before it)
                    assertThat(text(pdf)).as("the transcript records the recovery").contains("ceremony recover: resume");
                }
                assertNoSecretOnDisk(world, live, context);
            } else if (keptAfterSigning) {
                assertThat(keys).as("the root key kept, " + context).contains("root-ca");
                assertThat(media).as("one backup on each medium, kept, " + context).hasSize(2);
                assertThat(Files.readAllBytes(media.get(0))).isEqualTo(Files.readAllBytes(media.get(1)));
                assertThat(String.valueOf(end.data().get("rollbacksLeft"))).as("nothing left half-removed, " + context)
                        .isIn("[]", "null");
                assertNoSecretOnDisk(world, live, context);
            } else {
                assertThat(keys).as("HSM emptied by the abort, " + context).isEmpty();
                assertThat(media).as("no backup left, " + context).isEmpty();
            }
        } finally {
            live.forEach(ShareEnvelope::close);
        }
        return context;
    }

    private static void assertNoSecretOnDisk(RehearsalWorld world, List<ShareEnvelope> live, String context)
            throws Exception {
        List<byte[]> secrets = new ArrayList<>();
        for (ShareEnvelope e : live) {
            secrets.add(e.share().reveal());
        }
        try (SecretBytes kwk = ShareSet.combine(live.subList(0, 3))) {
            secrets.add(kwk.reveal());
        }
        List<byte[]> needles = new ArrayList<>();
        for (byte[] s : secrets) {
            needles.add(s);
            needles.add(HexFormat.of().formatHex(s).getBytes(StandardCharsets.US_ASCII));
            needles.add(HexFormat.of().withUpperCase().formatHex(s).getBytes(StandardCharsets.US_ASCII));
            needles.add(Base64.getEncoder().withoutPadding().encodeToString(s).getBytes(StandardCharsets.US_ASCII));
        }
        try (Stream<Path> all = Files.walk(world.workspace())) {
            // tokens/ is SoftHSM2's own store, where private objects are encrypted under the PIN
            for (Path f : all.filter(Files::isRegularFile).filter(f -> !f.startsWith(world.workspace().resolve("tokens")))
                    .toList()) {
                byte[] content = Files.readAllBytes(f);
                for (byte[] n : needles) {
                    assertThat(indexOf(content, n)).as("a secret in %s, %s", f, context).isNegative();
                }
            }
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Cards whose removal failed because the token is gone (destroyed by the kill). */
    private static List<String> destroyedCards(Path dir) throws Exception {
        List<String> cards = new ArrayList<>();
        for (Event e : EventLogVerifier.verify(dir.resolve("events.jsonl")).events()) {
            if (e.type().equals("rollback") && "failed".equals(e.data().get("outcome"))) {
                Matcher m = Pattern.compile("(?:No token|There is no card) labelled '(card-\\d+)'").matcher(String.valueOf(e.data().get("error")));
                if (m.find() && !cards.contains(m.group(1))) {
                    cards.add(m.group(1));
                }
            }
        }
        return cards;
    }

    private static boolean endedNow(Path dir) throws Exception {
        List<Event> events = EventLogVerifier.verify(dir.resolve("events.jsonl")).events();
        return events.get(events.size() - 1).type().equals("ceremony-end");
    }

    private static String lastShareSet(List<Event> events) {
        String set = null;
        for (Event e : events) {
            if (e.type().equals("step-end") && e.step().equals("3.3")) {
                Object facts = e.data().get("facts");
                Matcher m = Pattern.compile("shareSetId=([0-9a-f]+)").matcher(String.valueOf(facts));
                if (m.find()) {
                    set = m.group(1);
                }
            }
        }
        assertThat(set).as("a split in the log").isNotNull();
        return set;
    }

    private static List<String> dataLabels(RehearsalWorld world, int card) throws Exception {
        String out = new String(RehearsalRuns.pkcs11Output(world.workspace(), "--token-label", "card-" + card, "--login",
                "--pin", RehearsalWorld.DEFAULT_USER_PIN, "--list-objects", "--type", "data"), StandardCharsets.UTF_8);
        List<String> labels = new ArrayList<>();
        Matcher m = DATA_LABEL.matcher(out);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    private static List<String> privateKeyLabels(RehearsalWorld world) throws Exception {
        // not --token-label: pkcs11-tool matches it as a prefix, and rehearsal-hsm-2 starts with rehearsal-hsm
        String out = new String(RehearsalRuns.pkcs11Output(world.workspace(), "--slot",
                RehearsalRuns.slotOf(world.workspace(), RehearsalWorld.HSM), "--login", "--pin",
                RehearsalWorld.DEFAULT_USER_PIN, "--list-objects", "--type", "privkey"), StandardCharsets.UTF_8);
        List<String> labels = new ArrayList<>();
        Matcher m = Pattern.compile("label:\\s+(.+)").matcher(out);
        while (m.find()) {
            labels.add(m.group(1).strip());
        }
        return labels;
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
    }

    private static String text(Path pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(d).replaceAll("\\s+", " ");
        }
    }

    private static String read(Path p) throws Exception {
        return Files.isRegularFile(p) ? Files.readString(p) : "(no output)";
    }
}
