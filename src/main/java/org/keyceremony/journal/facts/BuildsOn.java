package org.keyceremony.journal.facts;

import java.util.Optional;

/**
 * Facts of a step that takes its input from an earlier ceremony of the same key (the backup
 * package a restore, rotation or card check loads; the root certificate a signing ceremony loads),
 * naming that ceremony's transcript when it was on the medium: the chain of ceremonies is then
 * evidence, the SHA-256 of the transcript built on, not an inference from a root fingerprint or a
 * share-set id. Both are absent when no such transcript was found, and in logs made before they
 * were recorded.
 */
public interface BuildsOn extends StepFacts {

    /** The earlier ceremony's transcript file as found beside this ceremony's input. */
    Optional<String> previousTranscript();

    /** The SHA-256 (lower-case hex) of that file's bytes. */
    Optional<String> previousTranscriptSha256();
}
