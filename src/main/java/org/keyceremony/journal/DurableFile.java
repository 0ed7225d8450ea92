package org.keyceremony.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Publishes a new output file (transcript, backup package, certificate) so that a crash never
 * leaves a partial file under the real name: the bytes go to a hidden sibling
 * {@code .NAME.partial}, are forced to the medium, and only then get the real name (a hard
 * link, which refuses an existing name; a rename where the file system has no links, e.g.
 * FAT on removable media). An existing file is never overwritten. A partial file left by a
 * crash is incomplete by definition and is replaced by the next attempt, or removed by
 * {@link #removePartial(Path)} when the ceremony is aborted.
 */
public final class DurableFile {
    private DurableFile() {
    }

    /** The hidden sibling the bytes of {@code target} are written to before they get its name. */
    public static Path partialOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".partial");
    }

    /**
     * Writes {@code bytes} as the new file {@code target}, durably and all at once.
     *
     * @throws FileAlreadyExistsException {@code target} exists (it is left untouched)
     */
    public static void writeNew(Path target, byte[] bytes) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path partial = partialOf(target);
        Files.deleteIfExists(partial);
        try {
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            publish(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
        syncDirectory(target);
    }

    /** Removes the partial file a crash may have left for {@code target}; true if there was one. */
    public static boolean removePartial(Path target) throws IOException {
        return Files.deleteIfExists(partialOf(target));
    }

    private static void publish(Path partial, Path target) throws IOException {
        try {
            Files.createLink(target, partial);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links here (FAT, exFAT): a rename without replacing, after the check above.
            Files.move(partial, target);
        }
    }

    /** The new directory entry must survive a power loss too (Linux: fsync on the directory). */
    private static void syncDirectory(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        try (FileChannel dir = FileChannel.open(parent, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the file itself is already synced.
        }
    }
}
