package org.keyceremony.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenInfo;

/**
 * The SoftHSM2 world of one integration-test JVM (see docs/testing.md).
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} from the environment at {@code C_Initialize} and a
 * JVM cannot change its environment, so failsafe starts every *IT class in a fresh JVM with
 * {@code SOFTHSM2_CONF=<dir>/softhsm2.conf} and passes {@code <dir>} as the system property
 * {@code keyceremony.test.softhsm.dir}. The first use in a JVM wipes that directory and
 * writes the configuration; tests then make their own tokens with {@link #createToken} and
 * never share one.
 */
public final class SoftHsmWorld {
    /** The SoftHSM2 library of Debian's {@code softhsm2} package. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String DEFAULT_SO_PIN = "so-pin-0000";
    public static final String DEFAULT_USER_PIN = "user-pin-1234";

    private static SoftHsmWorld instance;

    private final Path dir;
    private final Path tokenDir;
    private final AtomicInteger counter = new AtomicInteger();
    private Pkcs11Module module;

    private SoftHsmWorld(Path dir) {
        this.dir = dir;
        this.tokenDir = dir.resolve("tokens");
    }

    /** The world of this JVM, created (and its directory wiped) on first use. */
    public static synchronized SoftHsmWorld get() {
        if (instance == null) {
            String property = System.getProperty("keyceremony.test.softhsm.dir");
            if (property == null) {
                throw new IllegalStateException("keyceremony.test.softhsm.dir is not set: SoftHSM2 tests run as *IT "
                        + "classes under failsafe (mvn verify), which sets it and SOFTHSM2_CONF");
            }
            Path dir = Path.of(property).toAbsolutePath();
            String conf = System.getenv("SOFTHSM2_CONF");
            if (conf == null || !Path.of(conf).toAbsolutePath().equals(dir.resolve("softhsm2.conf"))) {
                throw new IllegalStateException("SOFTHSM2_CONF must be " + dir.resolve("softhsm2.conf") + " but is "
                        + conf + " (set by failsafe's environmentVariables in pom.xml)");
            }
            SoftHsmWorld world = new SoftHsmWorld(dir);
            world.build();
            instance = world;
        }
        return instance;
    }

    private void build() {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(tokenDir);
            Files.writeString(dir.resolve("softhsm2.conf"), "directories.tokendir = " + tokenDir + "\n"
                    + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the SoftHSM2 test directory " + dir, e);
        }
    }

    /** The directory holding {@code softhsm2.conf} and the tokens. */
    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("softhsm2.conf");
    }

    /** The SoftHSM2 module, loaded on first use (after the configuration exists). */
    public synchronized Pkcs11Module module() {
        if (module == null) {
            try {
                module = Pkcs11Module.open(LIBRARY);
            } catch (HsmException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return module;
    }

    /** A label no other token of this JVM has: {@code prefix-N}. */
    public String uniqueLabel(String prefix) {
        return prefix + "-" + counter.incrementAndGet();
    }

    /** A fresh token with a unique label made from {@code prefix} and the default PINs. */
    public TestToken createToken(String prefix) {
        return createToken(uniqueLabel(prefix), DEFAULT_SO_PIN, DEFAULT_USER_PIN);
    }

    /**
     * Initialises a token with exactly {@code label} in a free slot ({@code softhsm2-util
     * --init-token --free}) and re-initialises the module so that it sees it. Sessions opened
     * before are invalid afterwards: create all tokens of a test first, then open them.
     */
    public synchronized TestToken createToken(String label, String soPin, String userPin) {
        Set<String> before = serials();
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", soPin, "--pin", userPin);
        try {
            module().reinitialize();
        } catch (HsmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<TokenInfo> fresh = new ArrayList<>();
        for (TokenInfo t : tokens()) {
            if (t.flags().initialized() && !before.contains(t.serial())) {
                fresh.add(t);
            }
        }
        if (fresh.size() != 1 || !fresh.get(0).label().equals(label)) {
            throw new IllegalStateException("expected one new token '" + label + "', found " + fresh);
        }
        return new TestToken(label, fresh.get(0).serial(), soPin, userPin);
    }

    /** Deletes a token behind the module's back, as a pulled card or a failed HSM would vanish. */
    public void deleteToken(TestToken token) {
        run("softhsm2-util", "--delete-token", "--serial", token.serial());
    }

    private Set<String> serials() {
        Set<String> s = new HashSet<>();
        for (TokenInfo t : tokens()) {
            s.add(t.serial());
        }
        return s;
    }

    private List<TokenInfo> tokens() {
        try {
            return module().tokens();
        } catch (HsmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs a tool with this world's SOFTHSM2_CONF; fails with its output when it fails. */
    public static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }
}
