package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.List;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;

/**
 * Who can take a key out, as the log records it (docs/threat-model.md): the notes printed under
 * the key-protection steps, and the summary {@code ceremony verify} and the review screen show.
 * Everything here is derived from the embedded event log.
 */
public final class ProtectionNotes {
    private ProtectionNotes() {
    }

    static List<String> of(String action, Facts f) {
        List<String> notes = new ArrayList<>();
        switch (action) {
            case "check-key-protection" -> {
                notes.add("the token enforced every property tried on throw-away " + f.text("probeKey") + " keys:");
                notes.addAll(f.strings("checks"));
            }
            case "wrap-root-key" -> notes.add("wrapped " + f.text("source") + " under " + f.text("wrappingKey")
                    + "; the trusted key" + (f.flag("temporaryCopyDestroyed") ? " and the copy were" : " was")
                    + " destroyed at once");
            case "seal-root-key" -> {
                notes.add("key '" + f.text("label") + "' (ID " + f.text("id") + ") on token " + f.text("tokenSerial")
                        + (f.flag("sealedNow") ? " made non-extractable in this step" : " was already non-extractable")
                        + "; read back: " + String.join(", ", f.strings("attributes")));
                notes.add("a wrap under a key of the user's own was tried and refused: "
                        + String.join("; ", f.strings("wrapAttempts")));
            }
            default -> { }
        }
        return notes;
    }

    /**
     * One line per key whose protection the log records, e.g. {@code root-ca (ID 01) on token
     * 1a2b: sealed in step 3.8; CKA_EXTRACTABLE=false, ...}; a log that creates or restores a root
     * key but never seals it says so. Empty for a ceremony that leaves no key in an HSM.
     */
    public static List<String> summary(List<Event> events) {
        List<String> lines = new ArrayList<>();
        boolean rootKeyMade = false;
        boolean sealed = false;
        java.util.Map<String, String> actionOf = new java.util.HashMap<>();
        for (Event e : events) {
            if (e.is(EventType.STEP_BEGIN)) {
                actionOf.put(e.step(), Facts.of(e.data()).text("action"));
            }
            if (!e.is(EventType.STEP_END)) {
                continue;
            }
            Facts f = Facts.of(e.data()).object("facts");
            switch (actionOf.getOrDefault(e.step(), "")) {
                case "generate-root-key", "unwrap-into-hsm" -> rootKeyMade = true;
                case "seal-root-key" -> {
                    sealed = true;
                    lines.add(f.text("label") + " (ID " + f.text("id") + ") on token " + f.text("tokenSerial")
                            + ": sealed in step " + e.step() + "; " + String.join(", ", f.strings("attributes"))
                            + "; a wrap under an untrusted key was refused (" + String.join("; ", f.strings("wrapAttempts"))
                            + ")");
                }
                case "issue-transcript-certificate" -> lines.add(f.text("keyLabel") + " (transcript-signing key): "
                        + String.join(", ", f.strings("attributes")));
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
