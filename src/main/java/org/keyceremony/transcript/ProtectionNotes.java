package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.journal.facts.HsmFacts;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.StepFacts;

/**
 * Who can take a key out, as the log records it (docs/threat-model.md): the notes printed under
 * the key-protection steps, and the summary {@code ceremony verify} and the review screen show.
 * Everything here is derived from the embedded event log, each step's facts read as its action's
 * record ({@code journal.facts}).
 */
public final class ProtectionNotes {
    private ProtectionNotes() {
    }

    static List<String> of(StepFacts facts) {
        List<String> notes = new ArrayList<>();
        if (facts instanceof HsmFacts.CheckKeyProtection f) {
            notes.add("the token enforced every property tried on throw-away " + f.probeKey() + " keys:");
            notes.addAll(f.checks());
        } else if (facts instanceof BackupFacts.WrapRootKey f) {
            notes.add("wrapped " + f.source().orElse("") + " under " + f.wrappingKey().orElse("")
                    + "; the trusted key" + (f.temporaryCopyDestroyed().orElse(false) ? " and the copy were" : " was")
                    + " destroyed at once");
        } else if (facts instanceof HsmFacts.SealRootKey f) {
            notes.add("key '" + f.label() + "' (ID " + f.id() + ") on token " + f.tokenSerial()
                    + (f.sealedNow() ? " made non-extractable in this step" : " was already non-extractable")
                    + "; read back: " + String.join(", ", f.attributes()));
            notes.add("a wrap under a key of the user's own was tried and refused: "
                    + String.join("; ", f.wrapAttempts()));
        }
        return notes;
    }

    /**
     * One line per key whose protection the log records, e.g. {@code root-ca (ID 01) on token
     * 1a2b: sealed in step 3.8; CKA_EXTRACTABLE=false, ...}; a log that creates or restores a root
     * key but never seals it says so, and a key-protection step whose facts cannot be read as its
     * action's record is named as UNREADABLE. Empty for a ceremony that leaves no key in an HSM.
     */
    public static List<String> summary(List<Event> events) {
        List<String> lines = new ArrayList<>();
        boolean rootKeyMade = false;
        boolean sealed = false;
        Map<String, String> actionOf = new HashMap<>();
        for (Event e : events) {
            Facts data = Facts.of(e.data());
            if (e.is(EventType.STEP_BEGIN)) {
                actionOf.put(e.step(), data.text("action"));
            }
            if (!e.is(EventType.STEP_END)) {
                continue;
            }
            String action = actionOf.getOrDefault(e.step(), "");
            switch (action) {
                case "generate-root-key", "unwrap-into-hsm" -> rootKeyMade = true;
                case "seal-root-key", "issue-transcript-certificate" -> {
                    // a sealing step whose facts are unreadable is named below, not called "NOT SEALED"
                    sealed |= "seal-root-key".equals(action);
                    StepFacts facts;
                    try {
                        facts = ActionFacts.read(action, data.object("facts").map());
                    } catch (InvalidInputException x) {
                        lines.add("UNREADABLE: the facts of step " + e.step() + " (" + action + ") cannot be read: "
                                + x.getMessage());
                        continue;
                    }
                    if (facts instanceof HsmFacts.SealRootKey f) {
                        lines.add(f.label() + " (ID " + f.id() + ") on token " + f.tokenSerial() + ": sealed in step "
                                + e.step() + "; " + String.join(", ", f.attributes())
                                + "; a wrap under an untrusted key was refused (" + String.join("; ", f.wrapAttempts())
                                + ")");
                    } else if (facts instanceof KeyFacts.TranscriptKeyIssued f) {
                        lines.add(f.keyLabel() + " (transcript-signing key): " + String.join(", ", f.attributes()));
                    } else if (facts instanceof KeyFacts.TranscriptKeyReused f) {
                        // the attributes were recorded by the interrupted run, which issued the key
                        lines.add(f.keyLabel() + " (transcript-signing key): ");
                    }
                }
                default -> { }
            }
        }
        if (rootKeyMade && !sealed) {
            lines.add(0, "NOT SEALED: this ceremony made or restored a root key but no step sealed it (a transcript "
                    + "made before KeyCeremony sealed root keys): the key may still be extractable; check "
                    + "CKA_EXTRACTABLE in the HSM");
        }
        return lines;
    }
}
