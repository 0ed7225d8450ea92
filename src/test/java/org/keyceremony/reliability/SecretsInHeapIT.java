package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.cards.CardRef;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CardShare;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.keyceremony.testing.Seeded;

/**
 * After zeroization the KWK and its shares are not in the Java heap: a KWK is split, its
 * shares are written to three SoftHSM2 cards and read back, everything is closed, and a heap
 * dump (HotSpotDiagnosticMXBean) is searched for the bytes (raw, hex, Base64). The needles are
 * kept off-heap (direct buffers) so that the search does not find itself; a dump taken before
 * the wipe must find them, which proves the search works.
 *
 * <p>What this cannot prove: copies the JVM made and released without wiping (a garbage
 * collector moving an array leaves the old bytes in free heap until overwritten; a live
 * dump only walks reachable objects), JIT registers, native memory of the PKCS#11 library,
 * swap and core files. See docs/reliability.md.
 */
@ExtendWith(SoftHsmExtension.class)
class SecretsInHeapIT {

    @Test
    void kwkAndSharesAreNotInAHeapDumpAfterZeroization(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        List<TestToken> cards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cards.add(world.createToken("heap-card"));
        }
        CustodianCards custodianCards = new CustodianCards(world.module());
        List<ByteBuffer> needles = new ArrayList<>();

        byte[] raw = new byte[32];
        Seeded.random(103).nextBytes(raw);
        needles.add(offHeap(raw));
        SecretBytes kwk = SecretBytes.adopt(raw);
        ShareSet set = ShareSet.split(kwk, 2, 3, Seeded.random(104));
        for (int i = 1; i <= 3; i++) {
            byte[] share = set.envelope(i).share().reveal();
            needles.add(offHeap(share));
            Wipe.bytes(share);
        }
        List<CardShare> readBack = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            TestToken card = cards.get(i - 1);
            try (CardSession inserted = custodianCards.insert(CardRef.byLabel(card.label())); Pin pin = card.pin()) {
                inserted.logIn(pin);
                inserted.write(set.envelope(i));
                readBack.add(inserted.readVerified(PublishedShareSet.of(set)));
            }
        }
        try (SecretBytes rebuilt = ShareSet.combine(List.of(readBack.get(0).envelope(), readBack.get(2).envelope()))) {
            assertThat(rebuilt.sameAs(kwk)).isTrue();
        }

        assertThat(found(dump(dir, "before"), needles)).as("the search finds the secrets while they live")
                .contains("needle 0 raw");

        readBack.forEach(CardShare::close);
        set.close();
        kwk.close();
        readBack = null;
        set = null;
        kwk = null;

        assertThat(found(dump(dir, "after"), needles)).as("secrets in the heap after zeroization").isEmpty();
    }

    private static ByteBuffer offHeap(byte[] secret) {
        ByteBuffer b = ByteBuffer.allocateDirect(secret.length);
        b.put(secret).flip();
        return b;
    }

    private static Path dump(Path dir, String name) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Path file = dir.resolve(name + ".hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
        return file;
    }

    /** Which needles (and in which spelling) occur in the dump; the dump is deleted afterwards. */
    private static List<String> found(Path dump, List<ByteBuffer> needles) throws Exception {
        List<String> hits = new ArrayList<>();
        try {
            List<byte[]> patterns = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < needles.size(); i++) {
                byte[] s = new byte[needles.get(i).remaining()];
                needles.get(i).duplicate().get(s);
                patterns.add(s.clone());
                names.add("needle " + i + " raw");
                patterns.add(HexFormat.of().formatHex(s).getBytes(StandardCharsets.ISO_8859_1));
                names.add("needle " + i + " hex");
                patterns.add(Base64.getEncoder().withoutPadding().encodeToString(s).getBytes(StandardCharsets.ISO_8859_1));
                names.add("needle " + i + " base64");
                Wipe.bytes(s);
            }
            byte[] heap;
            try (InputStream in = Files.newInputStream(dump)) {
                heap = in.readAllBytes();
            }
            for (int p = 0; p < patterns.size(); p++) {
                if (CrashRecoveryIT.indexOf(heap, patterns.get(p)) >= 0) {
                    hits.add(names.get(p));
                }
                Wipe.bytes(patterns.get(p));
            }
            Wipe.bytes(heap);
        } finally {
            Files.deleteIfExists(dump);
        }
        return hits;
    }
}
