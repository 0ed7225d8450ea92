package org.keyceremony.ceremony.rehearsal;

import org.keyceremony.base.KeyCeremonyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away SoftHSM2 world for rehearsals, all inside one workspace directory:
 * {@code softhsm2.conf}, {@code tokens/} (tokens {@code rehearsal-hsm}, {@code rehearsal-hsm-2},
 * {@code card-1} … {@code card-N}), backup destinations {@code media-1}, {@code media-2},
 * and {@code transcripts/}. A {@code REHEARSAL} marker file says what it is.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} once, from the process environment, and a JVM
 * cannot change its own environment: the PKCS#11 work of a rehearsal therefore runs in a
 * process started with that variable ({@link #isActiveInThisProcess()} tells which side we are).
 */
public final class RehearsalWorld {
    private static final Logger LOG = LoggerFactory.getLogger(RehearsalWorld.class);
    public static final String HSM = "rehearsal-hsm";
    public static final String HSM_2 = "rehearsal-hsm-2";
    public static final String DEFAULT_USER_PIN = "123456";
    public static final String DEFAULT_SO_PIN = "12345678";
    private static final String MARKER = "REHEARSAL";
    /** The workspace's lock file: one rehearsal (or recovery) at a time works in a world. */
    public static final String LOCK = ".rehearsal.lock";
    /** Set by a process that holds a workspace's lock for the child JVM it starts (its pid). */
    static final String LOCK_OWNER = "KEYCEREMONY_WORKSPACE_LOCK_OWNER";
    /** The workspaces this process holds the lock of. */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Where Debian and others put SoftHSM2's module. */
    public static final List<Path> SOFTHSM_MODULES = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"),
            Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"));

    private final Path workspace;

    private RehearsalWorld(Path workspace) {
        this.workspace = workspace.toAbsolutePath().normalize();
    }

    /** An existing world (made by {@link #create}); refuses a directory that is not one. */
    public static RehearsalWorld open(Path workspace) throws KeyCeremonyException {
        RehearsalWorld w = new RehearsalWorld(workspace);
        if (!Files.isRegularFile(w.workspace.resolve(MARKER)) || !Files.isRegularFile(w.softhsmConf())) {
            throw new KeyCeremonyException("'" + workspace + "' is not a rehearsal workspace (no " + MARKER
                    + " marker or softhsm2.conf). Run 'ceremony rehearse --workspace DIR' with a new directory.");
        }
        return w;
    }

    /**
     * Locks the workspace for this process until the returned lock is closed: two rehearsals (or
     * a rehearsal and a recovery) in one world would share its tokens and fail late. The directory
     * is created if absent. A child JVM started by {@link #childJvm} from the process holding the
     * lock works under its parent's lock (nothing to take; closing it does nothing).
     */
    public static Held lock(Path workspace) throws KeyCeremonyException {
        Path ws = workspace.toAbsolutePath().normalize();
        String owner = System.getenv(LOCK_OWNER);
        if (owner != null && ProcessHandle.current().parent().map(p -> String.valueOf(p.pid()).equals(owner))
                .orElse(false)) {
            return () -> { };
        }
        try {
            Files.createDirectories(ws);
        } catch (IOException e) {
            throw new KeyCeremonyException("Could not create the rehearsal workspace '" + ws + "': " + e.getMessage(), e);
        }
        org.keyceremony.ceremony.ExclusiveLock lock = org.keyceremony.ceremony.ExclusiveLock.acquire(ws.resolve(LOCK),
                "The rehearsal workspace " + ws + " is in use by another KeyCeremony process (a rehearsal or a recovery "
                + "in it is still running). One at a time works in a world: wait for it to finish, or use another "
                + "workspace.", false);
        HELD.add(ws);
        return () -> {
            HELD.remove(ws);
            lock.close();
        };
    }

    /** A held workspace lock; closing releases it. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    public static boolean exists(Path workspace) {
        return Files.isRegularFile(workspace.resolve(MARKER));
    }

    /**
     * Creates the world: config, tokens (with the given user and SO PINs), media and
     * transcript folders. The directory must not exist or be empty.
     */
    public static RehearsalWorld create(Path workspace, int cards, String userPin, String soPin) throws KeyCeremonyException {
        RehearsalWorld w = new RehearsalWorld(workspace);
        try {
            if (Files.exists(w.workspace)) {
                try (var s = Files.list(w.workspace)) {
                    if (s.anyMatch(f -> !f.getFileName().toString().equals(LOCK))) {
                        throw new KeyCeremonyException("The workspace '" + w.workspace + "' exists and is not empty. "
                                + "Choose a new directory (or reuse a rehearsal workspace for a follow-up ceremony).");
                    }
                }
            }
            Path module = softhsmModule().orElseThrow(() -> new KeyCeremonyException(
                    "SoftHSM2 is not installed (no libsofthsm2.so in " + SOFTHSM_MODULES + "). "
                            + "Install it: sudo apt-get install softhsm2"));
            Files.createDirectories(w.workspace.resolve("tokens"));
            for (String d : List.of("media-1", "media-2", "transcripts")) {
                Files.createDirectories(w.workspace.resolve(d));
            }
            Files.writeString(w.softhsmConf(), "# SoftHSM2 world of a KeyCeremony rehearsal. Throw-away.\n"
                    + "directories.tokendir = " + w.workspace.resolve("tokens") + "\n"
                    + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            List<String> labels = new ArrayList<>(List.of(HSM, HSM_2));
            for (int i = 1; i <= cards; i++) {
                labels.add(cardLabel(i));
            }
            for (String label : labels) {
                w.initToken(label, userPin, soPin);
            }
            Files.writeString(w.workspace.resolve(MARKER), "This directory is a KeyCeremony REHEARSAL world. "
                    + "Nothing in it is real key material.\nmodule=" + module + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
            LOG.info("Rehearsal world created in {} with {} cards", w.workspace, cards);
            return w;
        } catch (IOException e) {
            throw new KeyCeremonyException("Could not create the rehearsal workspace in '" + w.workspace + "': "
                    + e.getMessage(), e);
        }
    }

    public static String cardLabel(int custodian) {
        return "card-" + custodian;
    }

    public static Optional<Path> softhsmModule() {
        return SOFTHSM_MODULES.stream().filter(Files::isRegularFile).findFirst();
    }

    /** Creates one more token in this world (e.g. a spare card) with softhsm2-util. */
    public void initToken(String label, String userPin, String soPin) throws KeyCeremonyException {
        ProcessBuilder pb = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", userPin, "--so-pin", soPin).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", softhsmConf().toString());
        try {
            Process p = pb.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new KeyCeremonyException("softhsm2-util could not create token '" + label + "': " + out);
            }
        } catch (IOException e) {
            throw new KeyCeremonyException("softhsm2-util is not available (" + e.getMessage()
                    + "). Install SoftHSM2: sudo apt-get install softhsm2", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyCeremonyException("Interrupted while creating token '" + label + "'", e);
        }
    }

    public Path workspace() {
        return workspace;
    }

    public Path softhsmConf() {
        return workspace.resolve("softhsm2.conf");
    }

    public Path transcripts() {
        return workspace.resolve("transcripts");
    }

    public List<Path> media() {
        return List.of(workspace.resolve("media-1"), workspace.resolve("media-2"));
    }

    /** True if this process was started with this world's SOFTHSM2_CONF (so PKCS#11 sees its tokens). */
    public boolean isActiveInThisProcess() {
        String conf = System.getenv("SOFTHSM2_CONF");
        return conf != null && Path.of(conf).toAbsolutePath().normalize().equals(softhsmConf());
    }

    /**
     * A process builder for this same application in a child JVM with this world's
     * SOFTHSM2_CONF: same Java, same JVM flags, same class path, main class
     * {@code org.keyceremony.Main}, the given arguments; output inherited.
     */
    public ProcessBuilder childJvm(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.keyceremony.Main");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("SOFTHSM2_CONF", softhsmConf().toString());
        if (HELD.contains(workspace)) {
            // The child works under this process's lock of the workspace (see lock()).
            pb.environment().put(LOCK_OWNER, String.valueOf(ProcessHandle.current().pid()));
        } else {
            pb.environment().remove(LOCK_OWNER);
        }
        return pb;
    }
}
