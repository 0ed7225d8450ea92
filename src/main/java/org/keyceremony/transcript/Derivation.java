package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.List;
import org.keyceremony.transcript.TranscriptContent.BackupCopy;
import org.keyceremony.transcript.TranscriptContent.CertificateDetails;
import org.keyceremony.transcript.TranscriptContent.HsmIdentity;
import org.keyceremony.transcript.TranscriptContent.InventoryItem;
import org.keyceremony.transcript.TranscriptContent.KeyDetails;
import org.keyceremony.transcript.TranscriptContent.Participant;
import org.keyceremony.transcript.TranscriptContent.ShareRecord;
import org.keyceremony.transcript.TranscriptContent.StepRecord;
import org.keyceremony.transcript.TranscriptContent.Zeroization;
import org.keyceremony.transcript.TranscriptFacts.StepAccumulator;
import org.keyceremony.transcript.TranscriptFacts.Times;

/**
 * Maps each action's {@code step-end} facts onto the transcript's sections (docs/events.md,
 * "Facts of each action"). One instance per derivation; not thread-safe.
 */
final class Derivation {
    private final Times times;
    final List<InventoryItem> inventory = new ArrayList<>();
    final List<Participant> participants = new ArrayList<>();
    final List<HsmIdentity> hsms = new ArrayList<>();
    final List<StepRecord> stepRecords = new ArrayList<>();
    final List<KeyDetails> keys = new ArrayList<>();
    final List<CertificateDetails> certificates = new ArrayList<>();
    final List<ShareRecord> shareRows = new ArrayList<>();
    final List<BackupCopy> backups = new ArrayList<>();
    Facts software = Facts.EMPTY;
    Facts airGap = Facts.EMPTY;
    Facts split = Facts.EMPTY;
    Zeroization zeroization = new Zeroization("", List.of(), "");

    Derivation(Times times) {
        this.times = times;
    }

    /** "Alice Admin (administrator)" when exactly one participant holds the role, else the role. */
    private String person(String role) {
        List<Participant> holders = participants.stream().filter(p -> p.role().equals(role)).toList();
        return holders.size() == 1 ? holders.get(0).name() + " (" + role + ")" : role;
    }

    void participants(List<Facts> people) {
        participants.clear();
        for (Facts p : people) {
            participants.add(new Participant(p.text("name"), p.text("role")));
        }
    }

    void step(StepAccumulator s) {
        Facts facts = s.end.object("facts");
        String action = s.end.text("action").isEmpty() ? s.begin.text("action") : s.end.text("action");
        boolean succeeded = s.ended != null && !"failed".equals(s.end.text("outcome"));
        if (succeeded) {
            apply(action, facts, s);
        }
        List<String> notes = new ArrayList<>();
        if (!s.end.text("notes").isEmpty()) {
            notes.add(s.end.text("notes"));
        }
        if (!s.failures.isEmpty()) {
            notes.add(s.failures.size() + " failed attempt" + (s.failures.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", s.failures));
        }
        if ("manual".equals(action) && !facts.text("value").isEmpty()) {
            notes.add(facts.text("field", "label") + ": " + facts.text("value"));
        }
        if ("confirm-time".equals(action)) {
            notes.add("independent time: " + facts.text("independentTime") + "; laptop clock (UTC): "
                    + facts.text("laptopClockUtc"));
        }
        if (succeeded) {
            notes.addAll(CustodyNotes.of(action, facts));
            notes.addAll(ProtectionNotes.of(action, facts));
        }
        if (!facts.text("warning").isEmpty()) {
            notes.add("warning: " + facts.text("warning"));
        }
        stepRecords.add(new StepRecord(s.number, s.begin.text("title"), s.begin.text("text"),
                s.started == null ? "" : times.time(s.started), s.ended == null ? "" : times.time(s.ended),
                s.outcome(), person(s.actor), s.confirmer, String.join("\n", notes)));
    }

    private void apply(String action, Facts f, StepAccumulator s) {
        switch (action) {
            case "record-participants" -> participants(f.objects("participants"));
            case "check-air-gap" -> airGap = f;
            case "record-software" -> software = f;
            case "confirm-time" -> { }
            case "identify-hsm" -> {
                hsms.add(new HsmIdentity(f.text("tokenLabel"), f.text("manufacturer"), f.text("model"),
                        f.text("serial"), f.text("firmware"), f.text("library"), f.text("librarySha256")));
                inventory.add(new InventoryItem("HSM", f.text("serial"),
                        join(f.text("tokenLabel"), f.text("model"))));
            }
            case "manual" -> {
                // A value typed in a manual step is a serial or a number on the table (a tamper-evident bag).
                if (!f.text("value").isEmpty()) {
                    inventory.add(new InventoryItem(f.text("field", "label"), f.text("value"), "step " + s.number));
                }
            }
            case "generate-root-key" -> keys.add(key("Root key", f));
            case "self-sign-certificate" -> certificates.add(certificate("Root certificate", f));
            case "unwrap-into-hsm" -> keys.add(key("Restored root key", f));
            case "issue-transcript-certificate" -> {
                keys.add(new KeyDetails("Transcript-signing key", f.text("keyLabel"), f.text("keyId"),
                        f.text("algorithm"), f.text("size", "curve"), f.text("spkiSha256"), f.strings("attributes")));
                certificates.add(certificate("Transcript-signing certificate", f));
            }
            case "seal-root-key" -> sealed(f);
            case "split-kwk" -> split = f;
            case "write-share" -> {
                // One step may write one card, or every custodian's card in turn ("shares").
                for (Facts w : f.has("shares") ? f.objects("shares") : List.of(f)) {
                    shareRows.add(new ShareRecord(w.text("custodian"), w.text("cardSerial"), w.text("cardLabel"),
                            w.text("shareNumber"), w.text("commitment")));
                    inventory.add(new InventoryItem("Card", w.text("cardSerial"),
                            join(w.text("cardLabel"), w.text("custodian"))));
                }
            }
            case "write-backup" -> {
                List<Facts> copies = f.has("copies") ? f.objects("copies") : List.of(f);
                for (Facts c : copies) {
                    backups.add(new BackupCopy(c.text("destination"), c.text("path"), c.text("sha256")));
                }
            }
            case "zeroize" -> zeroization = new Zeroization(s.ended == null ? "" : times.time(s.ended),
                    f.has("wiped") ? f.strings("wiped") : f.strings("items"), s.confirmer);
            default -> { }
        }
    }

    /** A sealed key's attributes as read back replace those it was made with; a key made elsewhere is added. */
    private void sealed(Facts f) {
        List<String> attributes = new ArrayList<>(f.strings("attributes"));
        attributes.add("(read back after sealing)");
        for (int i = 0; i < keys.size(); i++) {
            KeyDetails k = keys.get(i);
            if (k.label().equals(f.text("label")) && k.id().equals(f.text("id"))) {
                keys.set(i, new KeyDetails(k.purpose() + ", sealed", k.label(), k.id(), k.algorithm(), k.size(),
                        k.spkiSha256(), attributes));
                return;
            }
        }
        keys.add(new KeyDetails("Root key, sealed", f.text("label"), f.text("id"), f.text("algorithm"),
                f.text("size", "curve"), f.text("spkiSha256"), attributes));
    }

    private static KeyDetails key(String purpose, Facts f) {
        return new KeyDetails(purpose, f.text("label"), f.text("id"), f.text("algorithm"), f.text("size", "curve"),
                f.text("spkiSha256"), f.strings("attributes"));
    }

    private static CertificateDetails certificate(String purpose, Facts f) {
        return new CertificateDetails(purpose, f.text("subject"), f.text("issuer"), f.text("serial"),
                f.text("notBefore"), f.text("notAfter"), f.text("sha256"), f.strings("extensions"), f.text("pem"));
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + ", " + b;
    }
}
