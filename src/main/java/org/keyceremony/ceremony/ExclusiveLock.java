package org.keyceremony.ceremony;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.keyceremony.base.KeyCeremonyException;

/**
 * An exclusive lock on a file that exists for nothing else, held until {@link #close()}.
 *
 * <p>Why a file of its own: on Linux a Java file lock is an fcntl lock, and the kernel drops
 * every fcntl lock a process holds on a file as soon as that process closes <em>any</em>
 * descriptor of it. A lock on the event log itself was therefore dropped by the first read of
 * the log through another channel (measured: {@code ceremony recover} ran against a ceremony
 * that was still running). Nothing in KeyCeremony opens a lock file except this class, once per
 * lock. Never waits: a lock held elsewhere is a refusal, said in words.
 */
public final class ExclusiveLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean removeWhenReleased;

    private ExclusiveLock(Path file, FileChannel channel, FileLock lock, boolean removeWhenReleased) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.removeWhenReleased = removeWhenReleased;
    }

    /**
     * Takes the lock on {@code file} (created if absent) or refuses with {@code heldMessage}.
     *
     * @param removeWhenReleased delete the file when the lock is released (a lock file in a shared
     *                           temporary directory); otherwise it stays as an empty marker
     */
    public static ExclusiveLock acquire(Path file, String heldMessage, boolean removeWhenReleased)
            throws KeyCeremonyException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new KeyCeremonyException("cannot open the lock file " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); check that the folder exists and is writable", e);
        }
        FileLock held;
        try {
            held = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // this very process holds it already
        } catch (IOException e) {
            closeQuietly(ch);
            throw new KeyCeremonyException("cannot lock " + file + " (" + e.getMessage() + ")", e);
        }
        if (held == null) {
            closeQuietly(ch);
            throw new KeyCeremonyException(heldMessage);
        }
        return new ExclusiveLock(file, ch, held, removeWhenReleased);
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** True while this lock is held. */
    public boolean held() {
        return lock.isValid();
    }

    @Override
    public void close() {
        try {
            if (removeWhenReleased) {
                // Deleted while still locked: a process that opens the name afterwards gets a new file.
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // only a marker; a leftover lock file locks nothing
        }
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel below in any case
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }

    @Override
    public String toString() {
        return "ExclusiveLock[" + file + (held() ? ", held" : ", released") + "]";
    }
}
