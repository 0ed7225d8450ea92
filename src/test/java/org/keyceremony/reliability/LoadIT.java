package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.cards.CardRef;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.cards.StoredShare;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.TokenObject;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ceremonies back to back in one JVM (EC P-384 root script, real handlers, SoftHSM2 tokens;
 * the tokens are emptied between ceremonies, as a rehearsal laptop reused all day would be):
 * no PKCS#11 session stays open, and file handles and heap do not grow. CI runs
 * {@code keyceremony.load.ceremonies} (default 20); the figures go to
 * {@code target/reliability-load.txt}. The 200-ceremony run:
 * {@code mvn verify -Dit.test=LoadIT -Dkeyceremony.load.ceremonies=200}.
 */
@ExtendWith(SoftHsmExtension.class)
class LoadIT {
    private static final Logger LOG = LoggerFactory.getLogger(LoadIT.class);
    private static final int WARM_UP = 2;

    @Test
    void ceremoniesBackToBackLeakNoSessionsFileHandlesOrMemory(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        int count = Integer.getInteger("keyceremony.load.ceremonies", 20);
        CeremonyTable t = new CeremonyTable(world, dir);
        SessionCounter sessions = new SessionCounter();
        long fdBefore = 0;
        long heapBefore = 0;
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + count; i++) {
            if (i == WARM_UP) {
                fdBefore = fileHandles();
                heapBefore = heapAfterGc();
            }
            long t0 = System.nanoTime();
            CeremonyResult r = t.runIn(dir.resolve("run-" + i), sessions, t.answers(Map.of(), Map.of(), "abort"));
            millis.add((System.nanoTime() - t0) / 1_000_000);
            assertThat(r.outcome()).as("ceremony %d: %s", i, failures(r)).isEqualTo(CeremonyResult.Outcome.COMPLETED);
            assertThat(sessions.openSessions()).as("PKCS#11 sessions left open after ceremony %d", i).isZero();
            empty(t);
            clearMedia(dir);
        }
        long fdAfter = fileHandles();
        long heapAfter = heapAfterGc();
        String figures = String.format("ceremonies=%d (after %d warm-up)%nfile handles: %d before, %d after%n"
                + "heap used after GC: %.1f MiB before, %.1f MiB after%nPKCS#11 sessions opened: %d, open at the end: %d%n"
                + "ms per ceremony: first %d, median %d, last %d%n", count, WARM_UP, fdBefore, fdAfter,
                heapBefore / 1048576.0, heapAfter / 1048576.0, sessions.sessionsOpened(), sessions.openSessions(),
                millis.get(0), millis.stream().sorted().toList().get(millis.size() / 2), millis.get(millis.size() - 1));
        LOG.info("load figures:\n{}", figures);
        Files.writeString(Path.of(System.getProperty("keyceremony.test.basedir", ".")).resolve("target/reliability-load.txt"),
                figures, StandardCharsets.UTF_8);
        assertThat(fdAfter - fdBefore).as(figures).isLessThanOrEqualTo(8);
        assertThat(heapAfter - heapBefore).as(figures).isLessThan(48L << 20);
    }

    /** The HSM and the cards as they were before the ceremony: no keys, certificates or shares. */
    /** The step failures a ceremony's log records, for the assertion message. */
    private static String failures(CeremonyResult r) throws Exception {
        return String.join("; ", Files.readAllLines(r.log()).stream().filter(l -> l.contains("\"step-failed\""))
                .toList());
    }

    /** A fresh medium for every ceremony: one medium holds one backup of a key. */
    private static void clearMedia(Path dir) throws Exception {
        for (String medium : List.of("media-1", "media-2")) {
            try (var files = Files.list(dir.resolve(medium))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static void empty(CeremonyTable t) throws Exception {
        for (TestToken hsm : List.of(t.hsm, t.hsm2)) {
            try (HsmToken token = t.world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
                token.login(pin);
                for (ObjectClass c : List.of(ObjectClass.PRIVATE_KEY, ObjectClass.PUBLIC_KEY, ObjectClass.CERTIFICATE,
                        ObjectClass.SECRET_KEY, ObjectClass.DATA)) {
                    for (TokenObject o : token.findObjects(c, null, null)) {
                        token.destroyObject(o.handle());
                    }
                }
            }
        }
        CustodianCards cards = new CustodianCards(t.world.module());
        for (TestToken card : t.cards) {
            try (CardSession inserted = cards.insert(CardRef.byLabel(card.label())); Pin pin = card.pin()) {
                inserted.logIn(pin);
                for (StoredShare s : inserted.contents().shares()) {
                    inserted.erase(s.setId(), CustodianCards.erasureConfirmation(s.setId()));
                }
            }
        }
    }

    private static long fileHandles() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
