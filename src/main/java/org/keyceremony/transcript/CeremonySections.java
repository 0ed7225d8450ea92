package org.keyceremony.transcript;

import static org.keyceremony.transcript.TranscriptRenderer.col;
import static org.keyceremony.transcript.TranscriptRenderer.fields;
import static org.keyceremony.transcript.TranscriptRenderer.mono;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.keyceremony.transcript.PageLayout.Field;
import org.keyceremony.transcript.TranscriptContent.BackupCopy;
import org.keyceremony.transcript.TranscriptContent.CertificateDetails;
import org.keyceremony.transcript.TranscriptContent.Cover;
import org.keyceremony.transcript.TranscriptContent.Deviation;
import org.keyceremony.transcript.TranscriptContent.HsmIdentity;
import org.keyceremony.transcript.TranscriptContent.KeyDetails;
import org.keyceremony.transcript.TranscriptContent.ShareDistribution;
import org.keyceremony.transcript.TranscriptContent.StepRecord;

/** The body sections of a transcript, in the order they are printed. */
final class CeremonySections {
    private final PageLayout page;
    private final TranscriptContent content;

    CeremonySections(PageLayout page, TranscriptContent content) {
        this.page = page;
        this.content = content;
    }

    void cover() throws IOException {
        cover(false);
    }

    /** The cover page; an unsigned transcript says there what it is instead of how to check a signature. */
    void cover(boolean unsigned) throws IOException {
        Cover c = content.cover();
        page.newPage();
        page.space(60);
        page.note(c.rehearsal() ? "REHEARSAL — NOT A REAL CEREMONY" : "Key ceremony transcript");
        page.space(4);
        page.heading(title(c.kind()));
        page.fields(fields(
                "Ceremony id", c.ceremonyId(),
                "Ceremony kind", c.kind(),
                "Objectives", c.objectives(),
                "Approval reference", c.approvalReference(),
                "Date", c.date(),
                "Place", c.place(),
                "Time zone", c.timeZone(),
                "Started", c.start(),
                "Ended", c.end(),
                "Outcome", c.outcome(),
                "Rehearsal", c.rehearsal() ? "yes — made with throw-away tokens; no key here may be used" : "no"));
        page.space(10);
        if (unsigned) {
            page.note("This document is the UNSIGNED record of the ceremony: no HSM took part, so nothing signed "
                    + "it. Its event log and the ceremony script are embedded in it as attachments; the footer of "
                    + "every page shows the final hash of the embedded event log. 'ceremony verify' reports it as "
                    + "not signed. Only the hash chain and the wet-ink signatures below vouch for it.");
            return;
        }
        page.note("This document is the signed record of the ceremony. Its event log, the ceremony script, "
                + "the root certificate and the transcript-signing certificate" + (content.certificates().stream()
                        .anyMatch(d -> d.purpose().startsWith("Ceremony CA")) ? " (and the ceremony CA's, which certified "
                        + "it)" : "") + " are embedded in it as attachments "
                + "(the backup package itself is not: its SHA-256 is in the log). "
                + "Verify it with: ceremony verify FILE --expect-fingerprint <root certificate SHA-256>. "
                + "The footer of every page shows the final hash of the embedded event log.");
    }

    void inventoryAndParticipants() throws IOException {
        page.heading("Participants");
        page.table(List.of(col("Name", 0.6f), col("Role", 0.4f)),
                content.participants().stream().map(p -> new String[] {p.name(), p.role()}).toList());
        page.heading("Inventory");
        page.note("Every HSM, card, tamper-evident bag and medium on the table, as recorded during the ceremony.");
        page.table(List.of(col("Item", 0.25f), mono("Serial or number", 0.4f), col("Note", 0.35f)),
                content.inventory().stream().map(i -> new String[] {i.kind(), i.identifier(), i.note()}).toList());
    }

    void identification() throws IOException {
        TranscriptContent.Identification id = content.identification();
        page.heading("Software, script and HSM identification");
        page.fields(List.of(
                Field.text("Software", id.softwareVersion()),
                Field.code("Software SHA-256", id.softwareSha256()),
                Field.text("Java", id.jdk()),
                Field.text("Operating system", id.os()),
                Field.text("Script", id.scriptName() + (id.scriptVersion().isEmpty() ? "" : ", version " + id.scriptVersion())),
                Field.code("Script SHA-256", id.scriptSha256())));
        for (HsmIdentity h : id.hsms()) {
            page.subheading("HSM token " + h.tokenLabel());
            page.fields(List.of(
                    Field.text("Manufacturer", h.manufacturer()),
                    Field.text("Model", h.model()),
                    Field.code("Serial", h.serial()),
                    Field.text("Firmware", h.firmware()),
                    Field.code("PKCS#11 library", h.libraryPath()),
                    Field.code("Library SHA-256", h.librarySha256())));
        }
        page.heading("Air-gap check");
        TranscriptContent.AirGap gap = content.airGap();
        page.fields(fields(
                "Result", gap.result(),
                "Interfaces up besides loopback", gap.interfaces().isEmpty() ? "none" : String.join(", ", gap.interfaces()),
                "Note", gap.note()));
    }

    void steps() throws IOException {
        page.ensure(220); // the heading, its note and the first step together
        page.heading("Steps");
        page.note("Every step of the script as it happened: the text read aloud, when it began and ended, "
                + "its outcome, who acted and who confirmed.");
        for (StepRecord s : content.steps()) {
            // A step's heading, text and result row belong on one page when they fit.
            page.ensure(110 + 14 * (s.text().length() / 95));
            page.subheading("Step " + s.number() + " · " + s.title());
            if (!s.text().isEmpty()) {
                page.paragraph(s.text());
            }
            page.table(List.of(col("Started", 0.12f), col("Ended", 0.12f), col("Outcome", 0.16f),
                            col("Acted", 0.30f), col("Confirmed", 0.30f)),
                    List.<String[]>of(new String[] {s.start(), s.end(), s.outcome(), s.actor(), s.confirmer()}));
            if (!s.notes().isEmpty()) {
                page.paragraph("Notes: " + s.notes());
            }
        }
    }

    void deviations() throws IOException {
        page.heading("Exceptions and deviations");
        if (content.deviations().isEmpty()) {
            page.paragraph("None recorded.");
            return;
        }
        for (Deviation d : content.deviations()) {
            page.subheading("Exception at step " + d.step());
            page.fields(fields(
                    "Time", d.time(),
                    "Expected", d.expected(),
                    "What happened", d.happened(),
                    "Actions and decisions", d.actions(),
                    "Initials of those present", d.initials(),
                    "Resolution", d.resolution()));
        }
    }

    void keysAndCertificates() throws IOException {
        page.heading("Keys");
        if (content.keys().isEmpty()) {
            page.paragraph("No key was generated in this ceremony.");
        }
        for (KeyDetails k : content.keys()) {
            page.subheading(k.purpose().isEmpty() ? "Key " + k.label() : k.purpose());
            page.fields(List.of(
                    Field.text("Label", k.label()),
                    Field.code("Id", k.id()),
                    Field.text("Algorithm", k.algorithm() + (k.size().isEmpty() ? "" : " " + k.size())),
                    Field.code("Public key (SPKI) SHA-256", k.spkiSha256()),
                    Field.text("Attributes", String.join(", ", k.attributes()))));
        }
        page.heading("Certificates");
        if (content.certificates().isEmpty()) {
            page.paragraph("No certificate was issued in this ceremony.");
        }
        for (CertificateDetails c : content.certificates()) {
            page.subheading(c.purpose().isEmpty() ? "Certificate" : c.purpose());
            page.fields(List.of(
                    Field.text("Subject", c.subject()),
                    Field.text("Issuer", c.issuer()),
                    Field.code("Serial number", c.serial()),
                    Field.text("Not before", c.notBefore()),
                    Field.text("Not after", c.notAfter()),
                    Field.code("SHA-256 fingerprint", c.sha256()),
                    Field.text("Extensions", String.join("\n", c.extensions()))));
        }
        if (!content.issued().isEmpty()) {
            page.heading("Requests and other objects");
        }
        for (TranscriptContent.IssuedObject o : content.issued()) {
            page.subheading(o.purpose());
            List<Field> fields = new java.util.ArrayList<>();
            for (int i = 0; i < o.labels().size(); i++) {
                String label = o.labels().get(i);
                fields.add(label.endsWith("SHA-256") ? Field.code(label, o.values().get(i))
                        : Field.text(label, o.values().get(i)));
            }
            page.fields(fields);
        }
    }

    void shares() throws IOException {
        ShareDistribution s = content.shares();
        page.heading("Share distribution");
        if (s.rows().isEmpty() && s.shareSetId().isEmpty()) {
            page.paragraph("No key-wrapping key was split in this ceremony.");
            return;
        }
        page.fields(List.of(
                Field.text("Threshold", s.threshold() + " of " + s.total()),
                Field.code("Share-set id", s.shareSetId()),
                Field.code("KWK check value", s.kwkCheckValue())));
        page.table(List.of(col("Custodian", 0.24f), mono("Card serial", 0.19f), col("Card label", 0.12f),
                        col("Share", 0.07f), mono("Commitment (SHA-256)", 0.38f)),
                s.rows().stream().map(r -> new String[] {r.custodian(), r.cardSerial(), r.cardLabel(),
                        r.shareNumber(), r.commitment()}).toList());
    }

    void backupAndZeroization() throws IOException {
        page.heading("Backup package");
        if (content.backups().isEmpty()) {
            page.paragraph("No backup package was written in this ceremony.");
        } else {
            page.table(List.of(col("Destination", 0.2f), mono("Path", 0.38f), mono("SHA-256", 0.42f)),
                    content.backups().stream().map((BackupCopy b) -> new String[] {b.destination(), b.path(), b.sha256()})
                            .toList());
        }
        page.heading("Zeroization");
        TranscriptContent.Zeroization z = content.zeroization();
        page.fields(fields(
                "Time", z.time(),
                "Wiped from memory", z.items().isEmpty() ? "" : String.join(", ", z.items()),
                "Confirmed by", z.confirmedBy()));
    }

    void appendices() throws IOException {
        char letter = 'A';
        for (CertificateDetails c : content.certificates()) {
            if (c.pem().isEmpty()) {
                continue;
            }
            page.newPage();
            page.heading("Appendix " + letter++ + " · " + (c.purpose().isEmpty() ? "Certificate" : c.purpose()) + " (PEM)");
            page.monoBlock(c.pem().strip());
        }
        for (TranscriptContent.IssuedObject o : content.issued()) {
            if (o.pem().isEmpty()) {
                continue;
            }
            page.newPage();
            page.heading("Appendix " + letter++ + " · " + o.purpose() + " (PEM)");
            page.monoBlock(o.pem().strip());
        }
        page.newPage();
        page.heading("Appendix " + letter + " · Ceremony script");
        page.note("The full text of the script that was followed; its SHA-256 is on the identification page.");
        page.monoBlock(content.scriptText().isEmpty() ? "(script text not recorded)" : content.scriptText());
    }

    private static String title(String kind) {
        if (kind.isEmpty()) {
            return "Key ceremony";
        }
        String words = kind.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1) + " ceremony";
    }
}
