package org.keyceremony.transcript;

import java.util.List;
import java.util.Objects;

/**
 * Everything a transcript shows, as plain text facts: what the {@link TranscriptRenderer}
 * prints and what {@link TranscriptFacts} derives from the event log. Values are already
 * formatted for a reader (times in the ceremony's time zone, hex in lower case); an empty
 * string means "not recorded" and is printed as such. Nothing here is secret: the content
 * carries serials, hashes, commitments and check values, never PINs, shares or key bytes.
 *
 * @param finalLogHash the hash of the event log's last event, printed in every footer
 */
public record TranscriptContent(Cover cover, List<InventoryItem> inventory, List<Participant> participants,
                                Identification identification, AirGap airGap, List<StepRecord> steps,
                                List<Deviation> deviations, List<KeyDetails> keys,
                                List<CertificateDetails> certificates, ShareDistribution shares,
                                List<BackupCopy> backups, Zeroization zeroization, String scriptText,
                                String finalLogHash, List<IssuedObject> issued) {

    /** Content without objects issued besides certificates (no signing ceremony). */
    public TranscriptContent(Cover cover, List<InventoryItem> inventory, List<Participant> participants,
                             Identification identification, AirGap airGap, List<StepRecord> steps,
                             List<Deviation> deviations, List<KeyDetails> keys, List<CertificateDetails> certificates,
                             ShareDistribution shares, List<BackupCopy> backups, Zeroization zeroization,
                             String scriptText, String finalLogHash) {
        this(cover, inventory, participants, identification, airGap, steps, deviations, keys, certificates, shares,
                backups, zeroization, scriptText, finalLogHash, List.of());
    }

    public TranscriptContent {
        Objects.requireNonNull(cover, "cover");
        inventory = List.copyOf(inventory);
        participants = List.copyOf(participants);
        Objects.requireNonNull(identification, "identification");
        Objects.requireNonNull(airGap, "airGap");
        steps = List.copyOf(steps);
        deviations = List.copyOf(deviations);
        keys = List.copyOf(keys);
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(shares, "shares");
        backups = List.copyOf(backups);
        Objects.requireNonNull(zeroization, "zeroization");
        scriptText = nz(scriptText);
        finalLogHash = nz(finalLogHash);
        issued = List.copyOf(issued);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * The cover page.
     *
     * @param kind      the ceremony kind as the script spells it (e.g. {@code root-key-generation})
     * @param outcome   {@code completed}, {@code aborted}, {@code interrupted} …
     * @param rehearsal true prints REHEARSAL on every page
     */
    public record Cover(String kind, String ceremonyId, String objectives, String approvalReference,
                        String date, String place, String timeZone, String start, String end,
                        String outcome, boolean rehearsal) {
        public Cover {
            kind = nz(kind);
            ceremonyId = nz(ceremonyId);
            objectives = nz(objectives);
            approvalReference = nz(approvalReference);
            date = nz(date);
            place = nz(place);
            timeZone = nz(timeZone);
            start = nz(start);
            end = nz(end);
            outcome = nz(outcome);
        }
    }

    /** One thing on the table: an HSM, a card, a tamper-evident bag, a backup medium. */
    public record InventoryItem(String kind, String identifier, String note) {
        public InventoryItem {
            kind = nz(kind);
            identifier = nz(identifier);
            note = nz(note);
        }
    }

    /** A person present and the role they held. */
    public record Participant(String name, String role) {
        public Participant {
            name = nz(name);
            role = nz(role);
        }
    }

    /** The software, the script and the HSMs used, each with its hash. */
    public record Identification(String softwareVersion, String softwareSha256, String jdk, String os,
                                 String scriptName, String scriptVersion, String scriptSha256,
                                 List<HsmIdentity> hsms) {
        public Identification {
            softwareVersion = nz(softwareVersion);
            softwareSha256 = nz(softwareSha256);
            jdk = nz(jdk);
            os = nz(os);
            scriptName = nz(scriptName);
            scriptVersion = nz(scriptVersion);
            scriptSha256 = nz(scriptSha256);
            hsms = List.copyOf(hsms);
        }
    }

    /** One HSM token and the PKCS#11 library that reached it. */
    public record HsmIdentity(String tokenLabel, String manufacturer, String model, String serial,
                              String firmware, String libraryPath, String librarySha256) {
        public HsmIdentity {
            tokenLabel = nz(tokenLabel);
            manufacturer = nz(manufacturer);
            model = nz(model);
            serial = nz(serial);
            firmware = nz(firmware);
            libraryPath = nz(libraryPath);
            librarySha256 = nz(librarySha256);
        }
    }

    /**
     * The air-gap check.
     *
     * @param result     {@code passed}, {@code warning} (rehearsal) or {@code deviation}
     * @param interfaces network interfaces found up besides loopback
     */
    public record AirGap(String result, List<String> interfaces, String note) {
        public AirGap {
            result = nz(result);
            interfaces = List.copyOf(interfaces);
            note = nz(note);
        }
    }

    /** One step as it happened. */
    public record StepRecord(String number, String title, String text, String start, String end,
                             String outcome, String actor, String confirmer, String notes) {
        public StepRecord {
            number = nz(number);
            title = nz(title);
            text = nz(text);
            start = nz(start);
            end = nz(end);
            outcome = nz(outcome);
            actor = nz(actor);
            confirmer = nz(confirmer);
            notes = nz(notes);
        }
    }

    /** An exception or deviation from the script, as the people present recorded it. */
    public record Deviation(String step, String time, String expected, String happened, String actions,
                            String initials, String resolution) {
        public Deviation {
            step = nz(step);
            time = nz(time);
            expected = nz(expected);
            happened = nz(happened);
            actions = nz(actions);
            initials = nz(initials);
            resolution = nz(resolution);
        }
    }

    /** A key generated in the HSM, identified by its public key's hash. */
    public record KeyDetails(String purpose, String label, String id, String algorithm, String size,
                             String spkiSha256, List<String> attributes) {
        public KeyDetails {
            purpose = nz(purpose);
            label = nz(label);
            id = nz(id);
            algorithm = nz(algorithm);
            size = nz(size);
            spkiSha256 = nz(spkiSha256);
            attributes = List.copyOf(attributes);
        }
    }

    /** A certificate made during the ceremony; its PEM goes to an appendix. */
    public record CertificateDetails(String purpose, String subject, String issuer, String serial,
                                     String notBefore, String notAfter, String sha256,
                                     List<String> extensions, String pem) {
        public CertificateDetails {
            purpose = nz(purpose);
            subject = nz(subject);
            issuer = nz(issuer);
            serial = nz(serial);
            notBefore = nz(notBefore);
            notAfter = nz(notAfter);
            sha256 = nz(sha256);
            extensions = List.copyOf(extensions);
            pem = nz(pem);
        }
    }

    /** The M-of-N split of the key-wrapping key and who holds which share. */
    public record ShareDistribution(String threshold, String total, String shareSetId, String kwkCheckValue,
                                    List<ShareRecord> rows) {
        public ShareDistribution {
            threshold = nz(threshold);
            total = nz(total);
            shareSetId = nz(shareSetId);
            kwkCheckValue = nz(kwkCheckValue);
            rows = List.copyOf(rows);
        }
    }

    /** One custodian's share: which card, which share number, its commitment. */
    public record ShareRecord(String custodian, String cardSerial, String cardLabel, String shareNumber,
                              String commitment) {
        public ShareRecord {
            custodian = nz(custodian);
            cardSerial = nz(cardSerial);
            cardLabel = nz(cardLabel);
            shareNumber = nz(shareNumber);
            commitment = nz(commitment);
        }
    }

    /** One copy of the backup package on one destination. */
    public record BackupCopy(String destination, String path, String sha256) {
        public BackupCopy {
            destination = nz(destination);
            path = nz(path);
            sha256 = nz(sha256);
        }
    }

    /** What was wiped from memory at the end, and when. */
    public record Zeroization(String time, List<String> items, String confirmedBy) {
        public Zeroization {
            time = nz(time);
            items = List.copyOf(items);
            confirmedBy = nz(confirmedBy);
        }
    }

    /**
     * An object the ceremony issued that is not a certificate (a CRL): labelled fields in the order
     * printed, and its PEM for an appendix.
     */
    public record IssuedObject(String purpose, List<String> labels, List<String> values, String pem) {
        public IssuedObject {
            purpose = nz(purpose);
            labels = List.copyOf(labels);
            values = values.stream().map(TranscriptContent::nz).toList();
            if (labels.size() != values.size()) {
                throw new IllegalArgumentException("an issued object needs one value per label");
            }
            pem = nz(pem);
        }
    }
}
