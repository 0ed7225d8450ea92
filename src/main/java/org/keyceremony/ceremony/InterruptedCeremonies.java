package org.keyceremony.ceremony;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;

/**
 * The ceremonies under a folder that stopped before their end, for the people who must resume or
 * abort one and do not remember the nested output folder: every folder (a few levels down, links
 * not followed) holding an event log and the script copy beside it, whose log verifies and has no
 * {@code ceremony-end}. Reads only; the recovery itself assesses again under the ceremony's lock.
 */
public final class InterruptedCeremonies {
    /** How deep under the chosen folder ceremonies are looked for: workspace/transcripts/ceremony is 2. */
    static final int DEPTH = 4;

    private InterruptedCeremonies() {
    }

    /**
     * One interrupted ceremony.
     *
     * @param lastCompleted the last confirmed step as "3.3 — Split the key-wrapping key", or "" if none
     * @param interrupted   the step begun and not confirmed, the same way, or ""
     * @param lastEvent     when the log's last event was written: when it stopped
     */
    public record Found(Path directory, String scriptName, String scriptVersion, UUID ceremonyId, boolean rehearsal,
                        Instant started, Instant lastEvent, long events, String lastCompleted, String interrupted,
                        boolean canResume, boolean canAbort) {
    }

    /** A folder that looks like a ceremony's but cannot be assessed, and why. */
    public record Unreadable(Path directory, String problem) {
    }

    /**
     * What was found under {@code root}: the interrupted ceremonies, most recently stopped first;
     * how many completed (or closed as aborted) ones were passed over; folders that could not be read.
     */
    public record Survey(Path root, List<Found> interrupted, int closed, List<Unreadable> unreadable) {
        public Survey {
            interrupted = List.copyOf(interrupted);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** True if {@code dir} holds a ceremony's event log and script copy. */
    public static boolean isCeremonyFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(EventLog.FILE_NAME), LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(dir.resolve(Engine.SCRIPT_COPY), LinkOption.NOFOLLOW_LINKS);
    }

    /** Looks under {@code root} (itself included). */
    public static Survey under(Path root) throws KeyCeremonyException {
        Path start = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(start)) {
            throw new KeyCeremonyException(start + " is not a folder. Choose the folder the ceremony's output was "
                    + "written under (a USB stick, a rehearsal workspace, or the ceremony's own folder).");
        }
        List<Path> folders = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        try {
            // A folder that cannot be read (an ext4 stick's lost+found, owned by root) is named, and the
            // rest is still looked through.
            Files.walkFileTree(start, Set.of(), DEPTH + 1, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(start) && dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (isCeremonyFolder(dir)) {
                        folders.add(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                        unreadable.add(new Unreadable(file, "it cannot be read (" + e.getClass().getSimpleName() + ")"));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot look through " + start + ": " + e.getMessage()
                    + ". Choose a folder you can read.", e);
        }
        folders.sort(Comparator.naturalOrder());
        List<Found> found = new ArrayList<>();
        int closed = 0;
        for (Path dir : folders) {
            try {
                EventLogVerifier.Result log = EventLogVerifier.verify(dir.resolve(EventLog.FILE_NAME));
                if (!log.valid() && !log.truncatedTail()) {
                    unreadable.add(new Unreadable(dir, "its event log does not verify (" + log.problem() + ")"));
                    continue;
                }
                List<Event> events = log.events();
                if (events.isEmpty()) {
                    unreadable.add(new Unreadable(dir, "its event log is empty: the ceremony never started"));
                    continue;
                }
                if (events.get(events.size() - 1).is(EventType.CEREMONY_END)) {
                    closed++;
                    continue;
                }
                CeremonyScript script = CeremonyScripts.parse(dir.resolve(Engine.SCRIPT_COPY));
                RecoveryPlan plan = Recovery.assess(log, script);
                found.add(new Found(dir, script.metadata().name(), script.metadata().version(), plan.ceremonyId(),
                        plan.rehearsal(), events.get(0).time(), events.get(events.size() - 1).time(), plan.events(),
                        titled(script, plan.lastCompletedStep()), titled(script, plan.interruptedStep()),
                        plan.canResume(), plan.canAbort()));
            } catch (KeyCeremonyException e) {
                unreadable.add(new Unreadable(dir, e.getMessage()));
            }
        }
        found.sort(Comparator.comparing(Found::lastEvent).reversed());
        return new Survey(start, found, closed, unreadable);
    }

    private static String titled(CeremonyScript script, String stepId) {
        if (stepId.isEmpty()) {
            return "";
        }
        return script.steps().stream().filter(s -> s.id().equals(stepId)).findFirst()
                .map(s -> stepId + " \u2014 " + s.title()).orElse(stepId);
    }
}
