package org.keyceremony.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.keyceremony.base.KeyCeremonyException;

/**
 * The ceremony's journal: an append-only, hash-chained JSON Lines file. Every
 * {@link #append} writes one line and forces it to the medium before returning, so an
 * event the engine has seen returned is on disk. After a failed write the log refuses
 * further appends: what reached the disk is then unknown and only {@link EventLogVerifier}
 * can tell.
 */
public final class EventLog implements AutoCloseable {
    /** The log's file name inside a ceremony's output directory. */
    public static final String FILE_NAME = "events.jsonl";

    private final Path file;
    private final FileChannel channel;
    private final Clock clock;
    private final List<Event> events;
    private final Consumer<Event> listener;
    private boolean failed;

    private EventLog(Path file, FileChannel channel, Clock clock, List<Event> existing, Consumer<Event> listener) {
        this.file = file;
        this.channel = channel;
        this.clock = clock;
        this.events = new ArrayList<>(existing);
        this.listener = listener;
    }

    /** Starts a new log; refuses if {@code file} exists (a ceremony never overwrites its journal). */
    public static EventLog create(Path file, Clock clock) throws KeyCeremonyException {
        return create(file, clock, e -> { });
    }

    /**
     * As {@link #create(Path, Clock)}, calling {@code listener} with each event once it is on
     * disk (the GUI shows the log live; tests stop the run there).
     */
    public static EventLog create(Path file, Clock clock, Consumer<Event> listener) throws KeyCeremonyException {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            lockOrClose(ch, file);
            forceDirectory(file);
            return new EventLog(file, ch, clock, List.of(), listener);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new KeyCeremonyException("the event log " + file + " already exists: a ceremony never overwrites "
                    + "its journal. Choose a new output directory, or use 'ceremony recover' on that one.", e);
        } catch (IOException e) {
            throw new KeyCeremonyException("cannot create the event log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing log for appending after verifying its whole chain. A last line cut
     * short by a crash is moved aside into {@code <file>.torn-<seq>} (kept as evidence) and
     * a {@code log-repaired} event records its length and SHA-256; any other problem refuses.
     */
    public static EventLog resume(Path file, Clock clock) throws KeyCeremonyException {
        return resume(file, clock, e -> { });
    }

    /** As {@link #resume(Path, Clock)} with a listener called after each new event is on disk. */
    public static EventLog resume(Path file, Clock clock, Consumer<Event> listener) throws KeyCeremonyException {
        EventLogVerifier.Result result = EventLogVerifier.verify(file);
        if (!result.valid() && !result.truncatedTail()) {
            throw new KeyCeremonyException("the event log " + file + " does not verify, so the ceremony cannot be "
                    + "continued from it: " + result.problem());
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lockOrClose(ch, file);
            EventLog log = new EventLog(file, ch, clock, result.events(), listener);
            if (result.truncatedTail()) {
                log.setAsideTornTail(result);
            }
            ch.position(ch.size());
            return log;
        } catch (IOException e) {
            throw new KeyCeremonyException("cannot open the event log " + file + " for appending: " + e.getMessage(), e);
        }
    }

    private void setAsideTornTail(EventLogVerifier.Result result) throws IOException, KeyCeremonyException {
        long size = channel.size();
        ByteBuffer torn = ByteBuffer.allocate((int) (size - result.verifiedBytes()));
        channel.read(torn, result.verifiedBytes());
        byte[] bytes = Arrays.copyOf(torn.array(), torn.position());
        long seq = result.events().size() + 1L;
        Path aside = file.resolveSibling(file.getFileName() + ".torn-" + seq);
        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(bytes));
            out.force(true);
        }
        channel.truncate(result.verifiedBytes());
        channel.force(true);
        forceDirectory(file);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("line", seq);
        data.put("bytes", (long) bytes.length);
        data.put("sha256", sha256(bytes));
        data.put("savedAs", aside.getFileName().toString());
        channel.position(channel.size());
        append(EventType.LOG_REPAIRED, "", "engine", data);
    }

    /** Two writers would interleave lines and break the chain: the second one refuses. The lock ends with the channel. */
    private static void lockOrClose(FileChannel ch, Path file) throws IOException, KeyCeremonyException {
        boolean locked;
        try {
            locked = ch.tryLock() != null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            locked = false;
        }
        if (!locked) {
            ch.close();
            throw new KeyCeremonyException("the event log " + file + " is open in another program or window; "
                    + "only one may write a ceremony's log. Close the other one first.");
        }
    }

    /** Appends one event and forces it to disk; returns the event as written. */
    public synchronized Event append(EventType type, String step, String actor, Map<String, ?> data)
            throws KeyCeremonyException {
        if (failed) {
            throw new KeyCeremonyException("the event log " + file + " could not be written earlier; nothing more is "
                    + "recorded. Stop here and run 'ceremony recover' on the output directory.");
        }
        Event event = Event.next(events.size() + 1L, clock.instant(), type.wire(), step, actor, data, lastHash());
        byte[] line = (event.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        } catch (IOException e) {
            failed = true;
            throw new KeyCeremonyException("writing event " + event.seq() + " (" + type.wire() + ") to " + file
                    + " failed: " + e.getMessage() + ". Stop here and run 'ceremony recover' on the output directory.", e);
        }
        events.add(event);
        listener.accept(event);
        return event;
    }

    /** Every event of this log, including those read when resuming. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The hash of the last event ({@link Event#GENESIS} for an empty log): the chain's head. */
    public synchronized String lastHash() {
        return events.isEmpty() ? Event.GENESIS : events.get(events.size() - 1).hash();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws KeyCeremonyException {
        try {
            channel.close();
        } catch (IOException e) {
            throw new KeyCeremonyException("closing the event log " + file + " failed: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        return org.keyceremony.base.Digests.sha256Hex(bytes);
    }

    /** Makes the new file's directory entry durable too (fsync of the directory; best effort where unsupported). */
    private static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the file's own force() still holds its content.
        }
    }
}
