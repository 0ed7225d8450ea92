package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.StepContext;
import org.keyceremony.secret.Digests;
import org.keyceremony.secret.KeyCeremonyException;
import org.keyceremony.transcript.DurableFile;

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
final class Outputs {
    static final String DELETE_FILE = "delete-file";

    private Outputs() {
    }

    /** Writes {@code bytes} to {@code target} as described above; returns its SHA-256 hex. */
    static String writeNew(StepContext ctx, Path target, byte[] bytes, String what) throws KeyCeremonyException {
        if (Files.exists(target)) {
            throw new KeyCeremonyException("The " + what + " file " + target + " already exists; KeyCeremony never "
                    + "overwrites an output. Move it away or choose another output directory, then retry the step.");
        }
        String sha = Digests.sha256Hex(bytes);
        ctx.registerRollback(DELETE_FILE, "delete the " + what + " " + target, Map.of("path", target.toString(),
                "sha256", sha));
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
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


    static String pem(String type, byte[] der) {
        String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }
}
