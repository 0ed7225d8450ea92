package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.List;
import org.keyceremony.transcript.TranscriptContent.AirGap;
import org.keyceremony.transcript.TranscriptContent.BackupCopy;
import org.keyceremony.transcript.TranscriptContent.CertificateDetails;
import org.keyceremony.transcript.TranscriptContent.Cover;
import org.keyceremony.transcript.TranscriptContent.Deviation;
import org.keyceremony.transcript.TranscriptContent.HsmIdentity;
import org.keyceremony.transcript.TranscriptContent.Identification;
import org.keyceremony.transcript.TranscriptContent.InventoryItem;
import org.keyceremony.transcript.TranscriptContent.KeyDetails;
import org.keyceremony.transcript.TranscriptContent.Participant;
import org.keyceremony.transcript.TranscriptContent.ShareDistribution;
import org.keyceremony.transcript.TranscriptContent.ShareRecord;
import org.keyceremony.transcript.TranscriptContent.StepRecord;
import org.keyceremony.transcript.TranscriptContent.Zeroization;

/** A rich, hand-built transcript content for looking at the layout. */
final class SampleContent {
    private SampleContent() {
    }

    static TranscriptContent build(String pem, String finalHash) {
        String h = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        List<StepRecord> steps = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            steps.add(new StepRecord("1." + i, "Step title number " + i,
                    "The administrator reads this text aloud and everybody listens carefully. "
                            + "It can be a little long, so it wraps over several lines of the page without being cut.",
                    "10:0" + (i % 10) + ":00", "10:0" + (i % 10) + ":07", "completed", "Alice Admin (administrator)",
                    "Walter Witness (witness)", i == 3 ? "tamper bag 88120442 checked" : ""));
        }
        List<ShareRecord> rows = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            rows.add(new ShareRecord("Custodian " + i + " Longname-Doublebarrel", "0e1a2b3c4d5e6f7" + i, "card-" + i,
                    String.valueOf(i), h));
        }
        return new TranscriptContent(
                new Cover("root-key-generation", "RKG-2026-11-26-01", "Generate the root CA key of Example Root R1 and back it up 3-of-5.",
                        "PA-2026-017", "2026-11-26", "Secure room 2, Example Corp, Amsterdam", "Europe/Amsterdam",
                        "10:00:00", "11:42:13", "completed", true),
                List.of(new InventoryItem("HSM", "a1b2c3d4e5f60718", "rehearsal-hsm"),
                        new InventoryItem("Card", "0e1a2b3c4d5e6f71", "card-1"),
                        new InventoryItem("Tamper-evident bag", "88120442", "HSM bag, step 1.3")),
                List.of(new Participant("Alice Admin", "administrator"), new Participant("Walter Witness", "witness"),
                        new Participant("Carol Custodian", "custodian"), new Participant("Dan Custodian", "custodian"),
                        new Participant("Aud Itor", "auditor")),
                new Identification("KeyCeremony 0.1.0", h, "Java 17.0.15 (Debian)", "Linux 6.1 amd64",
                        "root-key-generation", "1.0", h,
                        List.of(new HsmIdentity("rehearsal-hsm", "SoftHSM project", "SoftHSM v2", "a1b2c3d4e5f60718",
                                "2.6", "/usr/lib/softhsm/libsofthsm2.so", h))),
                new AirGap("passed", List.of(), "checked by the witness"),
                steps,
                List.of(new Deviation("1.4", "10:04:10", "card-2 is recognised", "card-2 not found",
                        "re-inserted the card", "AA, WW", "resolved; step repeated")),
                List.of(new KeyDetails("Root key", "root-r1", "01a2", "EC", "P-384", h,
                        List.of("CKA_TOKEN", "CKA_SENSITIVE", "CKA_EXTRACTABLE (wrap only)"))),
                List.of(new CertificateDetails("Root certificate", "CN=Example Root R1,O=Example Corp,C=NL",
                        "CN=Example Root R1,O=Example Corp,C=NL", "5f1e2d3c4b5a69788796a5b4c3d2e1f0",
                        "2026-11-26 10:10:00 UTC", "2051-11-26 10:10:00 UTC", h,
                        List.of("basicConstraints: CA, critical", "keyUsage: keyCertSign, cRLSign, critical",
                                "subjectKeyIdentifier: 0a1b2c"), pem)),
                new ShareDistribution("3", "5", "3c9ae51f0b7d4e62", "a1b2c3d4", rows),
                List.of(new BackupCopy("media-1", "/media/usb1/RKG-2026-11-26-01/backup-root-r1.kcbackup", h),
                        new BackupCopy("media-2", "/media/usb2/RKG-2026-11-26-01/backup-root-r1.kcbackup", h)),
                new Zeroization("11:40:00", List.of("KWK", "shares"), "Walter Witness"),
                "metadata:\n  name: root-key-generation\n  version: \"1.0\"\n".repeat(30),
                finalHash);
    }
}
