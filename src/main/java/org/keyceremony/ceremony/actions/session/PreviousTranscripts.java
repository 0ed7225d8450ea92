package org.keyceremony.ceremony.actions.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.keyceremony.base.Digests;
import org.keyceremony.transcript.TranscriptWriter;

/**
 * The transcript of the earlier ceremony a step builds on, when it is on the medium, and its
 * SHA-256: recorded in the step's facts ({@code journal.facts.BuildsOn}) so that the key ledger
 * links the two ceremonies by evidence. Only looked up and hashed, never trusted: nothing of its
 * contents is used here, and {@code ceremony status} verifies it as {@code ceremony verify} does.
 * Not finding it is no failure (a transcript medium is not required for a restore or a card check):
 * the facts then say nothing, and the ledger links by root fingerprint or share-set id.
 */
public final class PreviousTranscripts {
    /** Largest file hashed (a transcript is well under this; see TranscriptVerifier.MAX_FILE_BYTES). */
    private static final long MAX_BYTES = 128L << 20;

    /** A transcript found, with the SHA-256 of its bytes. */
    public record Found(Path file, String sha256) {
    }

    private PreviousTranscripts() {
    }

    /**
     * The transcript of ceremony {@code ceremonyId} in one of the output folders beside
     * {@code outputDirectory} (where the shipped layout and the rehearsal worlds keep every
     * ceremony's folder), named as the signing step names it.
     */
    public static Optional<Found> ofCeremony(Path outputDirectory, String ceremonyId) {
        UUID id;
        try {
            id = UUID.fromString(ceremonyId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Path here = outputDirectory.toAbsolutePath().normalize();
        Path parent = here.getParent();
        if (parent == null) {
            return Optional.empty();
        }
        String name = TranscriptWriter.fileName(id);
        try (Stream<Path> folders = Files.list(parent)) {
            List<Path> hits = folders.filter(f -> !f.equals(here)).map(f -> f.resolve(name))
                    .filter(Files::isRegularFile).sorted().toList();
            return hits.size() == 1 ? hashed(hits.get(0)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The one transcript in the folder of {@code input} (an earlier ceremony's output folder, from
     * which this ceremony read e.g. the root certificate), unless that folder is this ceremony's own.
     */
    public static Optional<Found> besideInput(Path input, Path outputDirectory) {
        Path folder = input.toAbsolutePath().normalize().getParent();
        if (folder == null || folder.equals(outputDirectory.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> hits = new ArrayList<>(files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("transcript-") && n.endsWith(".pdf") && Files.isRegularFile(f);
            }).toList());
            return hits.size() == 1 ? hashed(hits.get(0)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Found> hashed(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new Found(file, Digests.sha256Hex(Files.readAllBytes(file))));
    }
}
