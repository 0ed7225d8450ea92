package org.keyceremony.ceremony;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.EventLog;

/**
 * The one lock that covers a ceremony run or a recovery from its start to its end (DESIGN.md,
 * invariant 2): taken before anything in the folder is read, held until the engine returns.
 * Two parts:
 * <ul>
 *   <li>the folder: {@value #FILE_NAME} in the ceremony's output directory, so that a
 *       {@code ceremony recover} cannot run while the ceremony itself (or another recovery)
 *       still works in that folder;</li>
 *   <li>the ceremony: a lock named after the ceremony id in the machine's temporary directory,
 *       taken as soon as the id is known, so that a <em>copy</em> of a folder cannot be recovered
 *       while the original ceremony runs or is recovered on the same machine.</li>
 * </ul>
 */
public final class CeremonyLock implements AutoCloseable {
    /** The lock file in a ceremony's output directory; it locks, it holds nothing. */
    public static final String FILE_NAME = ".keyceremony.lock";

    private final Path directory;
    private final ExclusiveLock folder;
    private ExclusiveLock ceremony;
    private UUID ceremonyId;

    private CeremonyLock(Path directory, ExclusiveLock folder) {
        this.directory = directory;
        this.folder = folder;
    }

    /** Locks the ceremony folder {@code directory} (which must exist), or refuses. */
    public static CeremonyLock onFolder(Path directory) throws KeyCeremonyException {
        if (!Files.isDirectory(directory)) {
            throw new KeyCeremonyException(directory + " is not a folder");
        }
        return new CeremonyLock(directory, ExclusiveLock.acquire(directory.resolve(FILE_NAME), "The ceremony folder "
                + directory + " is in use by another KeyCeremony process (the ceremony itself, still running, or a "
                + "recovery of it). Only one may work on a ceremony at a time: let it finish or close it, then try "
                + "again. Nothing was read or changed.", false));
    }

    /** Also locks ceremony {@code id} on this machine; a copy of the folder in use elsewhere refuses. */
    public synchronized void lockCeremony(UUID id) throws KeyCeremonyException {
        if (ceremony != null) {
            if (!id.equals(ceremonyId)) {
                throw new IllegalStateException("one lock covers one ceremony");
            }
            return;
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir")).resolve("keyceremony-ceremony-" + id + ".lock");
        ceremony = ExclusiveLock.acquire(file, "Ceremony " + id + " is in use by another KeyCeremony process on this "
                + "machine, in another folder than " + directory + " (is this folder a copy?). Only one may work on a "
                + "ceremony at a time. Nothing was read or changed.", true);
        ceremonyId = id;
    }

    /** The locked ceremony folder. */
    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        if (ceremony != null) {
            ceremony.close();
        }
        folder.close();
    }

    /**
     * Releases the lock and removes the lock file when the folder holds no ceremony (a run that
     * stopped before its event log existed leaves the folder as it found it).
     */
    synchronized void closeAndTidy() {
        boolean empty = !Files.exists(directory.resolve(EventLog.FILE_NAME));
        close();
        if (empty) {
            try {
                Files.deleteIfExists(directory.resolve(FILE_NAME));
            } catch (java.io.IOException e) {
                // an empty lock file locks nothing
            }
        }
    }
}
