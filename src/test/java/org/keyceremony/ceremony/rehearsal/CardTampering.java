package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.sharing.ShareSetId;
import org.keyceremony.testing.Seeded;

/**
 * Puts on a rehearsal card, with pkcs11-tool (as a careless or hostile person with the card's
 * PIN could), what the card checks must catch: a well-formed share of another ceremony's set,
 * or a damaged object under this set's label.
 */
final class CardTampering {
    private CardTampering() {
    }

    /** A genuine-looking share #1 of a fresh, unrelated 3-of-5 split. */
    static void writeOtherCeremonysShare(Path world, String card) throws Exception {
        byte[] kwk = new byte[32];
        Seeded.random(111).nextBytes(kwk);
        try (ShareSet other = ShareSet.split(SecretBytes.adopt(kwk), 3, 5, Seeded.random(112));
             ShareEnvelope e = other.envelope(1);
             SecretBytes encoded = ShareEnvelopeCodec.encode(e)) {
            write(world, card, "keyceremony-share " + other.id().shortHex() + " #1", encoded.reveal());
        }
    }

    /** Bytes that do not decode, under the label of share {@code number} of the package's set. */
    static void writeCorruptShare(Path world, String card, Path backupPackage, int number) throws Exception {
        BackupMetadata m = BackupPackage.open(Files.readAllBytes(backupPackage));
        byte[] junk = new byte[120];
        Seeded.random(113).nextBytes(junk);
        write(world, card, "keyceremony-share " + ShareSetId.fromHex(m.shareSetIdHex()).shortHex() + " #" + number, junk);
    }

    /** Replaces the card's share by a share of another ceremony's set (a card swapped with another ceremony's). */
    static void replaceWithOtherCeremonysShare(Path world, String card) throws Exception {
        deleteShare(world, card);
        writeOtherCeremonysShare(world, card);
    }

    /** Replaces the card's only share object by junk under the same label (the share is damaged). */
    static void damageShare(Path world, String card) throws Exception {
        String label = deleteShare(world, card);
        byte[] junk = new byte[120];
        Seeded.random(114).nextBytes(junk);
        write(world, card, label, junk);
    }

    private static String deleteShare(Path world, String card) throws Exception {
        String objects = RehearsalRuns.objects(world, card);
        String label = objects.lines().map(String::strip).filter(l -> l.startsWith("label:"))
                .map(l -> l.substring("label:".length()).strip().replace("'", ""))
                .filter(l -> l.startsWith("keyceremony-share "))
                .findFirst().orElseThrow(() -> new IllegalStateException(card + " holds no share:\n" + objects));
        RehearsalRuns.Run del = RehearsalRuns.pkcs11(world, card, "--delete-object", "--type", "data", "--label", label);
        assertThat(del.exitCode()).as(del.output()).isZero();
        return label;
    }

    private static void write(Path world, String card, String label, byte[] value) throws Exception {
        Path file = Files.createTempFile("share", ".bin");
        try {
            Files.write(file, value);
            RehearsalRuns.Run r = RehearsalRuns.pkcs11(world, card, "--write-object", file.toString(), "--type", "data",
                    "--label", label, "--application-label", "keyceremony", "--private");
            assertThat(r.exitCode()).as(r.output()).isZero();
        } finally {
            Files.delete(file);
        }
    }
}
