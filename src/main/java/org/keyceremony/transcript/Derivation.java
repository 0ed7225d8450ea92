package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KindModules;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.journal.facts.HsmFacts;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.PreparationFacts;
import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.journal.facts.StepFacts;
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
 * Maps each action's {@code step-end} facts, read strictly as the record of the action
 * ({@link ActionFacts}), onto the transcript's sections (docs/events.md, "Facts of each
 * action"). One instance per derivation; not thread-safe.
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
    final List<TranscriptContent.IssuedObject> issued = new ArrayList<>();
    /** Why a step's facts could not be read, one line per step: verify fails on each. */
    final List<String> problems = new ArrayList<>();
    Optional<PreparationFacts.RecordSoftware> software = Optional.empty();
    Optional<PreparationFacts.CheckAirGap> airGap = Optional.empty();
    Optional<BackupFacts.SplitKwk> split = Optional.empty();
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
        // The facts are read strictly as the record of the action: a missing or misspelt field is
        // named in the step's notes and in problems (ceremony verify fails on it), never printed blank.
        StepFacts typed = null;
        String unreadable = null;
        List<String> moduleNotes = new ArrayList<>();
        if (succeeded) {
            try {
                typed = ActionFacts.read(action, facts.map());
                apply(typed, s);
                fromModule(action, typed, moduleNotes);
            } catch (InvalidInputException e) {
                unreadable = "the facts of step " + s.number + " (" + action + ") cannot be read: " + e.getMessage();
                problems.add(unreadable);
            }
        }
        List<String> notes = new ArrayList<>();
        if (!s.end.text("notes").isEmpty()) {
            notes.add(s.end.text("notes"));
        }
        if (!s.failures.isEmpty()) {
            notes.add(s.failures.size() + " failed attempt" + (s.failures.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", s.failures));
        }
        notes.addAll(moduleNotes);
        if (unreadable != null) {
            notes.add("UNREADABLE: " + unreadable);
        }
        if (typed instanceof PreparationFacts.Manual m && m.value().isPresent() && !m.value().get().isEmpty()) {
            notes.add(m.field().orElseThrow() + ": " + m.value().get());
        }
        if (typed instanceof PreparationFacts.Manual m && m.confirmedEach().isPresent()) {
            notes.add("confirmed in person, each with their initials: " + String.join(", ", m.confirmedEach().get()));
        }
        if (typed instanceof PreparationFacts.ConfirmTime t) {
            notes.add("independent time: " + t.independentTime() + "; laptop clock (UTC): " + t.laptopClockUtc());
        }
        if (typed != null) {
            notes.addAll(CustodyNotes.of(typed));
            notes.addAll(ProtectionNotes.of(typed));
        }
        if (typed instanceof PreparationFacts.CheckAirGap g && g.warning().isPresent()) {
            notes.add("warning: " + g.warning().get());
        }
        stepRecords.add(new StepRecord(s.number, s.begin.text("title"), s.begin.text("text"),
                s.started == null ? "" : times.time(s.started), s.ended == null ? "" : times.time(s.ended),
                s.outcome(), person(s.actor), s.confirmer, String.join("\n", notes)));
    }

    private void apply(StepFacts facts, StepAccumulator s) {
        if (facts instanceof PreparationFacts.RecordParticipants p) {
            participants.clear();
            p.participants().forEach(x -> participants.add(new Participant(x.name(), x.role())));
        } else if (facts instanceof PreparationFacts.CheckAirGap g) {
            airGap = Optional.of(g);
        } else if (facts instanceof PreparationFacts.RecordSoftware w) {
            software = Optional.of(w);
        } else if (facts instanceof HsmFacts.IdentifyHsm h) {
            HsmFacts.Token t = h.token();
            hsms.add(new HsmIdentity(t.tokenLabel(), t.manufacturer(), t.model(), t.serial(), t.firmware(), h.library(),
                    h.librarySha256()));
            inventory.add(new InventoryItem("HSM", t.serial(), join(t.tokenLabel(), t.model())));
        } else if (facts instanceof PreparationFacts.Manual m) {
            // A value typed in a manual step is a serial or a number on the table (a tamper-evident bag).
            if (m.value().isPresent() && !m.value().get().isEmpty()) {
                inventory.add(new InventoryItem(m.field().orElseThrow(), m.value().get(), "step " + s.number));
            }
        } else if (facts instanceof KeyFacts.GenerateRootKey g) {
            keys.add(key("Root key", g.key()));
        } else if (facts instanceof KeyFacts.SelfSignCertificate c) {
            certificates.add(certificate("Root certificate", c.certificate()));
        } else if (facts instanceof RestoreFacts.UnwrapIntoHsm u) {
            keys.add(key("Restored root key", u.key()));
        } else if (facts instanceof KeyFacts.TranscriptKeyIssued t) {
            keys.add(new KeyDetails("Transcript-signing key", t.keyLabel(), t.keyId(), t.algorithm(), t.curve(),
                    t.spkiSha256(), t.attributes()));
            ceremonyCa(t.ceremonyCa());
            certificates.add(certificate("Transcript-signing certificate", t.certificate()));
        } else if (facts instanceof KeyFacts.TranscriptKeyReused t) {
            // the interrupted run's key: its details are in that run's facts, not repeated here
            String earlier = "(as issued before the interruption)";
            keys.add(new KeyDetails("Transcript-signing key", t.keyLabel(), t.keyId(), earlier, earlier, earlier,
                    List.of(earlier)));
            ceremonyCa(t.ceremonyCa());
            certificates.add(certificate("Transcript-signing certificate", t.certificate()));
        } else if (facts instanceof HsmFacts.SealRootKey k) {
            sealed(k);
        } else if (facts instanceof BackupFacts.SplitKwk k) {
            split = Optional.of(k);
        } else if (facts instanceof BackupFacts.WriteShare w) {
            // One step may write one card, or every custodian's card in turn ("shares").
            for (BackupFacts.ShareWritten x : w.written()) {
                shareRows.add(new ShareRecord(x.custodian(), x.cardSerial(), x.cardLabel(), x.shareNumber(),
                        x.commitment()));
                inventory.add(new InventoryItem("Card", x.cardSerial(), join(x.cardLabel(), x.custodian())));
            }
        } else if (facts instanceof BackupFacts.WriteBackup b) {
            for (BackupFacts.BackupCopy c : b.copies()) {
                backups.add(new BackupCopy(c.destination(), c.path(), c.sha256()));
            }
        } else if (facts instanceof PreparationFacts.Zeroize z) {
            zeroization = new Zeroization(s.ended == null ? "" : times.time(s.ended), z.wiped(), s.confirmer);
        }
    }

    /** The ceremony CA that certified the transcript-signing key, when the script asked for one. */
    private void ceremonyCa(Optional<KeyFacts.CeremonyCa> ca) {
        ca.ifPresent(c -> certificates.add(certificate("Ceremony CA certificate (its key "
                + (c.keyDestroyed() ? "destroyed after it certified the transcript-signing key" : "NOT destroyed") + ")",
                c.certificate())));
    }

    /** What a kind with a module of its own ({@link PagesOfKind}) puts on the pages. */
    private void fromModule(String action, StepFacts facts, List<String> notes) {
        for (PagesOfKind m : MODULES) {
            if (!m.name().equals(action)) {
                continue;
            }
            m.derive(facts, new PagesOfKind.Pages() {
                public void note(String line) {
                    notes.add(line);
                }

                public void inventory(String kind, String identifier, String note) {
                    inventory.add(new InventoryItem(kind, identifier, note));
                }

                public void certificate(CertificateDetails certificate) {
                    certificates.add(certificate);
                }

                public void issued(String purpose, List<String> labels, List<String> values, String pem) {
                    issued.add(new TranscriptContent.IssuedObject(purpose, labels, values, pem));
                }
            });
        }
    }

    private static final List<PagesOfKind> MODULES = KindModules.all(PagesOfKind.class);

    /** A sealed key's attributes as read back replace those it was made with; a key made elsewhere is added. */
    private void sealed(HsmFacts.SealRootKey f) {
        List<String> attributes = new ArrayList<>(f.attributes());
        attributes.add("(read back after sealing)");
        String size = f.size().orElseGet(() -> f.curve().orElseThrow());
        for (int i = 0; i < keys.size(); i++) {
            KeyDetails k = keys.get(i);
            if (k.label().equals(f.label()) && k.id().equals(f.id())) {
                keys.set(i, new KeyDetails(k.purpose() + ", sealed", k.label(), k.id(), k.algorithm(), k.size(),
                        k.spkiSha256(), attributes));
                return;
            }
        }
        keys.add(new KeyDetails("Root key, sealed", f.label(), f.id(), f.algorithm(), size, f.spkiSha256(), attributes));
    }

    private static KeyDetails key(String purpose, KeyFacts.Key k) {
        return new KeyDetails(purpose, k.label(), k.id(), k.algorithm(), k.sizeOrCurve(), k.spkiSha256(), k.attributes());
    }

    private static CertificateDetails certificate(String purpose, KeyFacts.Certificate c) {
        return new CertificateDetails(purpose, c.subject(), c.issuer(), c.serial(), c.notBefore(), c.notAfter(),
                c.sha256(), c.extensions(), c.pem());
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + ", " + b;
    }
}
