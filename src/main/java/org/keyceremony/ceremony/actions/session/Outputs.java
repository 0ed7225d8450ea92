package org.keyceremony.ceremony.actions.session;

import org.keyceremony.ceremony.StepContext;
import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.DurableFile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Writing the ceremony's output files: registered for rollback first, then published whole
 * ({@link DurableFile}: never a partial file under the real name, never over an existing one), read back and compared. A file that exists is a refusal, never an overwrite.
 */
public final class Outputs {
    static final String DELETE_FILE = "delete-file";

    private Outputs() {
    }

    /** Writes {@code bytes} to {@code target} as described above; returns its SHA-256 hex. */
    public static String writeNew(StepContext ctx, Path target, byte[] bytes, String what) throws KeyCeremonyException {
        if (Files.exists(target)) {
            throw new KeyCeremonyException("The " + what + " file " + target + " already exists; KeyCeremony never "
                    + "overwrites an output. Move it away or choose another output directory, then retry the step.");
        }
        String sha = Digests.sha256Hex(bytes);
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            // Never created: a medium that vanished leaves its mount point (or nothing), and a folder made
            // there would put the "backup" on the laptop's own disk.
            throw new KeyCeremonyException("The folder " + folder + " for the " + what + " is not there (is the medium "
                    + "mounted?). Nothing was written; KeyCeremony never creates it. Insert and mount it, then retry.");
        }
        ctx.registerRollback(DELETE_FILE, "delete the " + what + " " + target, Map.of("path", target.toString(),
                "sha256", sha));
        try {
            DurableFile.writeNew(target, bytes);
            if (!Arrays.equals(Files.readAllBytes(target), bytes)) {
                throw new KeyCeremonyException("The " + what + " written to " + target + " reads back differently: the "
                        + "medium is unreliable. Use another medium and retry the step.");
            }
        } catch (FileAlreadyExistsException e) {
            throw new KeyCeremonyException("The " + what + " file " + target + " appeared while writing; nothing was "
                    + "overwritten. Move it away and retry the step.", e);
        } catch (IOException e) {
            throw new KeyCeremonyException("Writing the " + what + " to " + target + " failed ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Check the medium and retry the step.", e);
        }
        return sha;
    }


    /**
     * {@code path} as a direct child of one of {@code folders}, both resolved without symbolic
     * links; refused otherwise. What a ceremony removes comes from its log, which nobody needs a key
     * to rewrite: a file is removed only where this ceremony writes files.
     */
    static Path confined(Path path, java.util.List<Path> folders) throws KeyCeremonyException {
        Path name = path.getFileName();
        Path parent = path.toAbsolutePath().getParent();
        if (name == null || parent == null || name.toString().equals("..") || name.toString().equals(".")) {
            throw new KeyCeremonyException("Refused to remove " + path + ": not a file name");
        }
        Path realParent;
        try {
            realParent = parent.toRealPath();
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot reach the folder of " + path + " (" + e.getClass().getSimpleName()
                    + "): is the medium mounted? Nothing was removed", e);
        }
        for (Path f : folders) {
            try {
                if (f.toAbsolutePath().toRealPath().equals(realParent)) {
                    Path p = realParent.resolve(name.toString());
                    if (Files.isSymbolicLink(p)) {
                        throw new KeyCeremonyException("Refused to remove " + p + ": it is a symbolic link, not a file "
                                + "this ceremony wrote");
                    }
                    return p;
                }
            } catch (IOException e) {
                // a folder that cannot be resolved now allows nothing
            }
        }
        throw new KeyCeremonyException("Refused to remove " + path + ": it is neither in this ceremony's folder nor "
                + "on a backup medium named for this run; KeyCeremony removes only what it wrote where it writes");
    }

    /**
     * What identifies the file system object at {@code path} now (device and inode on Linux), or
     * "" where the platform says nothing: a medium pulled and its mount point left behind, or another
     * medium mounted at the same path, has another identity.
     */
    public static String identity(Path path) throws KeyCeremonyException {
        try {
            Object key = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
            return key == null ? "" : key.toString();
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot reach " + path + " (" + e.getClass().getSimpleName() + "): is the "
                    + "medium mounted?", e);
        }
    }

    public static String pem(String type, byte[] der) {
        String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }
}
