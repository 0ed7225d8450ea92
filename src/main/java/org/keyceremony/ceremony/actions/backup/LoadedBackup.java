package org.keyceremony.ceremony.actions.backup;

import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.ShareRecord;
import org.keyceremony.ceremony.pki.CertificateIssuer;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.sharing.KwkCheckValue;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.hsm.KeyWrapMechanism;
import org.keyceremony.sharing.ShareCommitment;
import org.keyceremony.sharing.ShareCommitments;
import org.keyceremony.sharing.ShareSetId;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * A backup package that {@code load-backup} read and verified (memory state {@code backup}):
 * where it came from, its SHA-256 and its metadata. Nothing in it is secret (the wrapped key is
 * useless without the KWK); it is kept in memory only so that a later step cannot silently
 * pick up another file.
 */
public record LoadedBackup(Path file, String sha256, BackupMetadata metadata) implements AutoCloseable {

    /** The published share commitments, by share number, that every card read is checked against. */
    public ShareCommitments commitments() throws InvalidInputException {
        List<ShareRecord> records = new ArrayList<>(metadata.shareRecords());
        records.sort(Comparator.comparingInt(ShareRecord::shareNumber));
        List<ShareCommitment> byNumber = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).shareNumber() != i + 1) {
                throw new InvalidInputException("The backup package's share records are not numbered 1.."
                        + records.size() + "; it cannot be used to check cards.");
            }
            byNumber.add(ShareCommitment.fromHex(records.get(i).commitmentHex()));
        }
        if (byNumber.size() != metadata.shares()) {
            throw new InvalidInputException("The backup package lists " + byNumber.size() + " share records for a "
                    + metadata.threshold() + "-of-" + metadata.shares() + " split; it cannot be used.");
        }
        return new ShareCommitments(ShareSetId.fromHex(metadata.shareSetIdHex()), byNumber);
    }

    /** What every share read from a card is checked against: the commitments, M, N and KWK check value. */
    public PublishedShareSet published() throws InvalidInputException {
        ShareCommitments commitments = commitments();
        try {
            return new PublishedShareSet(commitments, metadata.threshold(), metadata.shares(),
                    KwkCheckValue.fromHex(metadata.kwkCheckValueHex()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The backup package's share set (" + metadata.threshold() + "-of-"
                    + metadata.shares() + ", KWK check value '" + metadata.kwkCheckValueHex() + "') cannot be used to "
                    + "check cards.");
        }
    }

    /** The record of share {@code number} (custodian and card at the time of the split). */
    public ShareRecord record(int number) {
        return metadata.shareRecords().stream().filter(r -> r.shareNumber() == number).findFirst().orElseThrow();
    }

    public X509Certificate rootCertificate() throws InvalidInputException {
        String body = metadata.certificatePem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return CertificateIssuer.parse(Base64.getDecoder().decode(body));
        } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
            throw new InvalidInputException("The backup package's root certificate cannot be read.");
        }
    }

    /** The package file's SHA-256 (what the original transcript prints). */
    static String sha256Of(byte[] file) {
        return Digests.sha256Hex(file);
    }

    @Override
    public void close() {
        // Nothing secret to wipe.
    }

    @Override
    public String toString() {
        return "LoadedBackup[" + file.getFileName() + ", " + metadata + "]";
    }

    /** The wrap mechanism a package names (both are RFC 5649; the code decides). */
    public static KeyWrapMechanism mechanism(BackupMetadata m) throws InvalidInputException {
        for (KeyWrapMechanism w : KeyWrapMechanism.values()) {
            if (w.value() == m.wrapMechanismCode()) {
                return w;
            }
        }
        throw new InvalidInputException("The backup was wrapped with mechanism 0x" + Long.toHexString(m.wrapMechanismCode())
                + ", which is not RFC 5649 as KeyCeremony knows it.");
    }

    /**
     * Who holds {@code card} (a label or a serial) by the package's share records, for the notice
     * that asks for it: "Coco Custodian (share #5)"; "The custodian with card-5" for a card the
     * package does not name.
     */
    public String holderOf(String card) {
        return metadata.shareRecords().stream()
                .filter(r -> r.cardLabel().equals(card) || r.cardSerial().equals(card))
                .filter(r -> !r.custodian().isBlank())
                .findFirst().map(r -> r.custodian() + " (share #" + r.shareNumber() + ")")
                .orElse("The custodian with " + card);
    }
}
