package org.keyceremony.testing.pcsc;

import com.licel.jcardsim.base.Simulator;
import com.licel.jcardsim.base.SimulatorRuntime;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import javacard.framework.AID;
import jdk.net.ExtendedSocketOptions;

/**
 * One custodian card: its own {@link TestCardApplet} in its own jcardsim simulator, and the
 * relay that puts it into a vsmartcard {@code vpcd} reader of pcscd.
 *
 * <p>{@link #insert()} connects to the reader's TCP port (pcscd sees the card arrive);
 * {@link #remove()} closes the connection (pcscd sees it leave, as when a custodian pulls
 * the card). The card keeps its files and PINs in between, as a real one does.
 *
 * <p>The relay, not jcardsim's own launcher, speaks vpcd's protocol (2-byte length, then one
 * control byte or an APDU): vpcd sends a length and its data in two writes, which with
 * delayed ACKs on this side cost about 45 ms per APDU; acknowledging at once
 * ({@code TCP_QUICKACK}, re-armed before every read because Linux drops it) brings a round
 * trip to well under a millisecond.
 */
public final class VirtualCard {
    /** jcardsim keeps the active runtime in (thread-local) static state: one APDU at a time, JVM-wide. */
    private static final Object SIMULATORS = new Object();
    /** An ATR no OpenSC driver claims by its table, so the isoApplet driver finds the card by SELECT. */
    private static final byte[] ATR = HexFormat.of().parseHex("3B8A80014B43544553544341524401");

    private final String name;
    private final int port;
    private final Simulator simulator;
    private final AID aid = new AID(TestCardApplet.AID, (short) 0, (byte) TestCardApplet.AID.length);
    private volatile Socket socket;
    private volatile Thread relay;
    private volatile Predicate<byte[]> pullBefore;
    private volatile CountDownLatch pulled;

    VirtualCard(String name, int port) {
        this.name = name;
        this.port = port;
        synchronized (SIMULATORS) {
            this.simulator = new Simulator(new SimulatorRuntime()); // the default runtime is shared
            simulator.installApplet(aid, TestCardApplet.class);
        }
    }

    /** The name this fixture gave the card (not its PKCS#15 label). */
    public String name() {
        return name;
    }

    /** The vpcd port of the reader this card sits in. */
    public int port() {
        return port;
    }

    public boolean inserted() {
        Socket s = socket;
        return s != null && !s.isClosed();
    }

    /** Puts the card into its reader; returns once the reader has accepted the connection. */
    public synchronized void insert() {
        if (inserted()) {
            return;
        }
        try {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.setTcpNoDelay(true);
            socket = s;
            Thread t = new Thread(() -> relay(s), "virtual-card-" + name);
            t.setDaemon(true);
            relay = t;
            t.start();
        } catch (IOException e) {
            throw new UncheckedIOException("card " + name + ": vpcd reader on port " + port + " refused", e);
        }
    }

    /** Pulls the card out of its reader. */
    public synchronized void remove() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we want
            }
        }
        Thread t = relay;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket = null;
        relay = null;
    }

    /**
     * Arms a pull: the card is removed when an APDU that {@code apdu} accepts arrives, before
     * the card executes it (a custodian pulling the card in the middle of a write). Returns a
     * latch that opens when that happened.
     */
    public CountDownLatch pullBefore(Predicate<byte[]> apdu) {
        CountDownLatch latch = new CountDownLatch(1);
        pulled = latch;
        pullBefore = apdu;
        return latch;
    }

    private void relay(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            DataInputStream data = new DataInputStream(in);
            while (true) {
                s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                int length = data.readUnsignedShort();
                byte[] frame = data.readNBytes(length);
                if (frame.length != length) {
                    return;
                }
                byte[] answer = length == 1 ? control(frame[0]) : apdu(frame);
                if (answer == null && length != 1) {
                    return; // pulled
                }
                if (answer != null) {
                    byte[] message = new byte[2 + answer.length];
                    message[0] = (byte) (answer.length >> 8);
                    message[1] = (byte) answer.length;
                    System.arraycopy(answer, 0, message, 2, answer.length);
                    out.write(message);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the reader went away or the card was removed: the relay ends
        } finally {
            if (socket == s) {
                socket = null;
            }
        }
    }

    private byte[] control(byte command) {
        switch (command) {
            case 0x00, 0x01, 0x02 -> { // power off, power on, reset: the security state is lost
                synchronized (SIMULATORS) {
                    simulator.reset();
                    simulator.selectApplet(aid);
                }
                return null;
            }
            case 0x04 -> {
                return ATR.clone();
            }
            default -> {
                return null;
            }
        }
    }

    private byte[] apdu(byte[] command) {
        Predicate<byte[]> pull = pullBefore;
        if (pull != null && pull.test(command)) {
            pullBefore = null;
            try {
                socket.close();
            } catch (IOException | NullPointerException ignored) {
                // already gone
            }
            pulled.countDown();
            return null;
        }
        synchronized (SIMULATORS) {
            return simulator.transmitCommand(command);
        }
    }

    @Override
    public String toString() {
        return "VirtualCard[" + name + " on vpcd port " + port + (inserted() ? ", inserted" : ", removed") + "]";
    }
}
