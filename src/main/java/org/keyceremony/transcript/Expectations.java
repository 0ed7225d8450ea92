package org.keyceremony.transcript;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;

/**
 * What the auditor brings from outside the file: the root's fingerprint, and from the wet-ink
 * pages of the ceremony its id and the event log's final hash. The file alone cannot prove it is
 * the only transcript of its ceremony (docs/threat-model.md, "What the file alone cannot show");
 * the final hash written down in the room can.
 *
 * @param rootFingerprint SHA-256 of the root certificate (hex; colons, spaces and case ignored), or null
 * @param finalHash       the log's final hash as written on the pages signed in ink, or null
 * @param ceremonyId      the ceremony id as written there, or null
 */
public record Expectations(String rootFingerprint, String finalHash, String ceremonyId) {

    public static Expectations fingerprint(String rootFingerprint) {
        return new Expectations(rootFingerprint, null, null);
    }

    /** A 64-digit hex string, colons and spaces removed, in lower case; or null if {@code s} is none. */
    public static String hex64(String s) {
        if (s == null) {
            return null;
        }
        String h = ChainChecks.normalise(s);
        return h.matches("[0-9a-f]{64}") ? h : null;
    }

    /**
     * A ceremony id as printed on the transcript (letters, digits and '-', at most 64), surrounding
     * spaces removed; or null if {@code s} is none. Ids are compared without regard to case.
     */
    public static String ceremonyId(String s) {
        if (s == null) {
            return null;
        }
        String id = s.strip();
        return id.matches("[0-9A-Za-z-]{1,64}") ? id : null;
    }

    void check(EventLogVerifier.Result log, List<Check> out) {
        if (finalHash != null) {
            String want = hex64(finalHash);
            if (log == null) {
                out.add(Check.fail("expected-final-hash", "not compared: the embedded event log did not verify"));
            } else if (log.finalHash().equals(want)) {
                out.add(Check.pass("expected-final-hash", "the embedded log ends with the final hash written at the "
                        + "ceremony, " + want));
            } else {
                out.add(Check.fail("expected-final-hash", "the embedded log ends with " + log.finalHash() + ", not the "
                        + "final hash written at the ceremony (" + (want == null ? "not 64 hex digits" : want)
                        + "): this is not the transcript signed in the room"));
            }
        }
        if (ceremonyId != null) {
            String want = ceremonyId.strip().toLowerCase(Locale.ROOT);
            Optional<String> id = log == null ? Optional.empty() : log.events().stream()
                    .filter(e -> e.is(EventType.CEREMONY_START)).findFirst()
                    .map(e -> e.data().get("ceremonyId")).filter(String.class::isInstance).map(String.class::cast);
            if (log == null) {
                out.add(Check.fail("expected-ceremony", "not compared: the embedded event log did not verify"));
            } else if (id.isPresent() && id.get().toLowerCase(Locale.ROOT).equals(want)) {
                out.add(Check.pass("expected-ceremony", "the log records the expected ceremony " + id.get()));
            } else {
                out.add(Check.fail("expected-ceremony", "the log records the ceremony " + id.orElse("(none)")
                        + ", not the expected " + Check.printable(ceremonyId)));
            }
        }
    }
}
