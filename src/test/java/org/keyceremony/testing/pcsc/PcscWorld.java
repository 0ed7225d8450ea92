package org.keyceremony.testing.pcsc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.keyceremony.testing.SoftHsmWorld;

/**
 * A real smart-card stack for one integration-test class: its own {@code pcscd}, vsmartcard's
 * {@code vpcd} readers, and {@code n} custodian cards ({@link VirtualCard}, each its own
 * {@link TestCardApplet}) personalised with OpenSC's {@code pkcs15-init} as a custodian
 * personalises a real card. The product reaches them as it reaches real cards: through
 * OpenSC's PKCS#11 module ({@link #OPENSC}), libpcsclite and pcscd. {@link #close()} stops
 * everything it started.
 *
 * <p>pcscd 1.9.9 always binds {@code /run/pcscd/pcscd.comm} (only its clients honour
 * {@code PCSCLITE_CSOCK_NAME}), so it runs in a private mount namespace with the directory of
 * failsafe's {@code PCSCLITE_CSOCK_NAME} mounted over {@code /run/pcscd}: it never meets a
 * system pcscd, and this JVM and its children (which inherit the variable) reach only it. It
 * is never started with {@code -a}, which would log every APDU, PINs included.
 *
 * <p>Card {@code i} (1-based) is labelled {@code custodian-i}, has serial {@code 4b43000i}
 * and PIN {@code 2000i0}; OpenSC shows its token label as {@code custodian-i (User PIN)}.
 */
public final class PcscWorld implements AutoCloseable {
    /** Debian's OpenSC PKCS#11 module. */
    public static final Path OPENSC = Path.of("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so");
    private static final Path VPCD = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");
    /** vpcd offers two readers (slots) per configured device, on port and port + 1. */
    private static final int READERS_PER_DEVICE = 2;

    private final Path dir;
    private final Process pcscd;
    private final List<Card> cards = new ArrayList<>();

    /** One custodian card as the tests know it: what pkcs15-init was told, and the card itself. */
    public record Card(VirtualCard card, String label, String serial, String pin) {
        /** The PKCS#11 token label OpenSC shows for it. */
        public String tokenLabel() {
            return label + " (User PIN)";
        }

        @Override
        public String toString() {
            return "Card[" + label + ", serial " + serial + "]";
        }
    }

    private PcscWorld(Path dir, Process pcscd) {
        this.dir = dir;
        this.pcscd = pcscd;
    }

    /** Starts pcscd with {@code n} readers, puts a fresh card in each and personalises it. */
    public static PcscWorld start(int n) {
        String socket = System.getenv("PCSCLITE_CSOCK_NAME");
        if (socket == null) {
            throw new IllegalStateException("PCSCLITE_CSOCK_NAME is not set: the PC/SC ITs run under failsafe "
                    + "(mvn verify), which sets it (pom.xml) so that they reach only the pcscd they start");
        }
        for (Path p : List.of(OPENSC, VPCD, Path.of("/usr/sbin/pcscd"))) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: install pcscd vsmartcard-vpcd opensc (.ci/run does)");
            }
        }
        Path dir = Path.of(socket).toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir.resolve("reader.conf.d"));
            Files.deleteIfExists(Path.of(socket));
            Files.deleteIfExists(dir.resolve("pcscd.pid"));
            int devices = (n + READERS_PER_DEVICE - 1) / READERS_PER_DEVICE;
            int base = freePorts(devices * READERS_PER_DEVICE);
            StringBuilder conf = new StringBuilder();
            for (int d = 0; d < devices; d++) {
                int port = base + d * READERS_PER_DEVICE;
                // vpcd keeps its two slots in static state indexed by slot only: a second device
                // in the same library would take over the first one's. A copy per device is a
                // separate library (another inode) with its own state.
                Path driver = dir.resolve("libifdvpcd-" + (d + 1) + ".so");
                Files.copy(VPCD, driver, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                conf.append("FRIENDLYNAME \"KeyCeremony test reader ").append(d + 1).append("\"\n")
                        .append("DEVICENAME /dev/null:").append(port).append('\n')
                        .append("LIBPATH ").append(driver).append('\n')
                        .append("CHANNELID ").append(port).append("\n\n");
            }
            Files.writeString(dir.resolve("reader.conf.d/vpcd"), conf, StandardCharsets.UTF_8);
            // /run/pcscd is pcscd's runtime directory, made by its systemd socket unit: a machine that
            // never started pcscd (a fresh CI container) has none to mount over. As root it is made,
            // empty, as pcscd's unit would make it; nothing is ever put in the host's copy.
            String inner = "{ [ -d /run/pcscd ] || mkdir -p -m 0755 /run/pcscd; } && mount --bind '" + dir
                    + "' /run/pcscd && exec pcscd --foreground --config '" + dir.resolve("reader.conf.d") + "'";
            List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private"));
            if (!"root".equals(System.getProperty("user.name"))) {
                command.add("--map-root-user");
            }
            command.addAll(List.of("sh", "-c", inner));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pcscd.log").toFile()).start();
            PcscWorld world = new PcscWorld(dir, p);
            try {
                world.awaitReaders(devices * READERS_PER_DEVICE);
                for (int i = 1; i <= n; i++) {
                    int port = base + (i - 1);
                    VirtualCard card = new VirtualCard("custodian-" + i, port);
                    world.cards.add(new Card(card, "custodian-" + i, String.format("4b43%04d", i), "2000" + i + "0"));
                }
                world.personalise();
            } catch (RuntimeException e) {
                world.close();
                throw e;
            }
            return world;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cards, custodian 1 first. */
    public List<Card> cards() {
        return List.copyOf(cards);
    }

    public Card card(int custodian) {
        return cards.get(custodian - 1);
    }

    /** pcscd's log (errors only: no APDUs are ever logged). */
    public Path log() {
        return dir.resolve("pcscd.log");
    }

    /**
     * {@code pkcs15-init --create-pkcs15} on every card. pcscd lists the readers in the order of
     * its configuration, so card {@code i} (in the reader on port {@code base + i - 1}) is reader
     * {@code i - 1}.
     */
    private void personalise() {
        for (Card c : cards) {
            c.card().insert();
        }
        awaitCards(cards.size());
        for (int i = 0; i < cards.size(); i++) {
            Card c = cards.get(i);
            SoftHsmWorld.run("pkcs15-init", "--reader", Integer.toString(i), "--create-pkcs15", "--label", c.label(),
                    "--serial", c.serial(), "--so-pin", c.pin(), "--so-puk", "0123456789abcdef");
        }
    }

    /** Waits until pcscd reports {@code count} cards present (pcscd notices an insertion asynchronously). */
    public void awaitCards(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            long present = readers().lines()
                    .filter(l -> l.trim().matches("\\d+\\s+Yes\\s.*")).count();
            if (present == count) {
                return;
            }
            sleep(25);
        }
        throw new IllegalStateException("pcscd does not report " + count + " cards; see " + log());
    }

    /** Waits until pcscd lists {@code count} readers (its vpcd drivers are then listening). */
    private void awaitReaders(int count) {
        for (int attempt = 0; attempt < 400; attempt++) {
            if (!pcscd.isAlive()) {
                throw new IllegalStateException("pcscd ended at start: " + readLog());
            }
            long readers = readers().lines()
                    .filter(l -> l.trim().matches("\\d+\\s+(Yes|No)\\s.*")).count();
            if (readers >= count) {
                return;
            }
            sleep(25);
        }
        throw new IllegalStateException("pcscd never offered " + count + " readers: " + readLog());
    }

    /** opensc-tool's reader list; it fails while pcscd has no reader yet, which is an empty list here. */
    private static String readers() {
        try {
            Process p = new ProcessBuilder("opensc-tool", "--list-readers").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String readLog() {
        try {
            return Files.readString(log());
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A run of free TCP ports (vpcd listens on them; a system vpcd would hold 35963-35964). */
    private static int freePorts(int count) throws IOException {
        for (int base = 40000 + (int) (ProcessHandle.current().pid() % 500) * 20; base < 60000; base += count) {
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free TCP ports for vpcd");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket(p)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Removes every card and stops pcscd. */
    @Override
    public void close() {
        for (Card c : cards) {
            c.card().remove();
        }
        pcscd.destroy();
        try {
            if (!pcscd.waitFor(10, TimeUnit.SECONDS)) {
                pcscd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
