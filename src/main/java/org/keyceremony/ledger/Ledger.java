package org.keyceremony.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.journal.facts.RootRecorded;

/**
 * Links the verified ceremonies of an archive into each key's history and state
 * ({@link KeyStatus}), and names the gaps: ceremonies built on but not in the archive.
 * A ceremony belongs to the key whose root certificate it names; one that names only the public key
 * (SPKI) or a share set (a card check without an HSM) belongs to the key another ceremony ties them to.
 */
public final class Ledger {
    private Ledger() {
    }

    /** The keys and gaps of an archive. */
    public record Result(List<KeyStatus> keys, List<Gap> gaps) {
        public Result {
            keys = List.copyOf(keys);
            gaps = List.copyOf(gaps);
        }
    }

    public static Result of(Archive.Contents archive) {
        List<Ceremony> ceremonies = archive.ceremonies().stream().sorted(Comparator.comparing(Ceremony::ended)).toList();
        Map<String, String> rootOfSpki = new HashMap<>();
        Map<String, String> rootOfSet = new HashMap<>();
        for (Ceremony c : ceremonies) {
            Optional<String> root = rootOf(c);
            if (root.isPresent()) {
                spkis(c).forEach(s -> rootOfSpki.putIfAbsent(s, root.get()));
                sets(c).forEach(s -> rootOfSet.putIfAbsent(s, root.get()));
            }
        }
        Map<String, List<Ceremony>> byKey = new LinkedHashMap<>();
        Map<String, String> linkedBy = new HashMap<>();
        for (Ceremony c : ceremonies) {
            String key;
            String how;
            Optional<String> root = rootOf(c);
            if (root.isPresent()) {
                key = root.get();
                how = "root fingerprint";
            } else if (spkis(c).stream().anyMatch(rootOfSpki::containsKey)) {
                key = spkis(c).stream().filter(rootOfSpki::containsKey).map(rootOfSpki::get).findFirst().orElseThrow();
                how = "public key";
            } else if (sets(c).stream().anyMatch(rootOfSet::containsKey)) {
                key = sets(c).stream().filter(rootOfSet::containsKey).map(rootOfSet::get).findFirst().orElseThrow();
                how = "share set";
            } else if (!spkis(c).isEmpty()) {
                key = "spki:" + spkis(c).get(0);
                how = "public key";
            } else {
                continue; // a ceremony of no key (nothing the ledger tracks)
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            linkedBy.put(c.id(), how);
        }
        Map<String, Ceremony> bySha = new HashMap<>();
        Map<String, Ceremony> byId = new HashMap<>();
        for (Ceremony c : ceremonies) {
            bySha.put(c.sha256(), c);
            byId.put(c.id(), c);
        }
        // a failed transcript is recognised by its bytes, or by its name (a tampered copy has other bytes)
        Map<String, String> failed = new HashMap<>();
        archive.transcripts().stream().filter(t -> t.verdict() == Archive.Verdict.FAILED).forEach(t -> {
            failed.putIfAbsent(t.sha256(), t.file());
            failed.putIfAbsent(fileName(t.file()), t.file());
        });
        List<Gap> gaps = new ArrayList<>();
        Set<String> gapIds = new LinkedHashSet<>();
        List<KeyStatus> keys = new ArrayList<>();
        for (Map.Entry<String, List<Ceremony>> e : byKey.entrySet()) {
            keys.add(new KeyHistory(e.getKey(), archive).build(e.getValue(), linkedBy, bySha, byId, failed, gaps,
                    gapIds));
        }
        return new Result(keys, gaps);
    }

    static Optional<String> rootOf(Ceremony c) {
        for (Ceremony.StepFact s : c.steps()) {
            if (s.facts() instanceof KeyFacts.SelfSignCertificate f) {
                return Optional.of(f.certificate().sha256());
            }
            if (s.facts() instanceof RootRecorded f) {
                return Optional.of(f.rootCertificateSha256());
            }
            if (s.facts() instanceof RestoreFacts.LoadBackup f && f.rootCertificateSha256().isPresent()) {
                return f.rootCertificateSha256();
            }
        }
        return Optional.empty();
    }

    static List<String> spkis(Ceremony c) {
        List<String> out = new ArrayList<>();
        for (Ceremony.StepFact s : c.steps()) {
            if (s.facts() instanceof KeyFacts.GenerateRootKey f) {
                out.add(f.key().spkiSha256());
            } else if (s.facts() instanceof RestoreFacts.LoadBackup f) {
                out.add(f.spkiSha256());
            } else if (s.facts() instanceof RestoreFacts.UnwrapIntoHsm f) {
                out.add(f.key().spkiSha256());
            }
        }
        return out;
    }

    static List<String> sets(Ceremony c) {
        List<String> out = new ArrayList<>();
        for (Ceremony.StepFact s : c.steps()) {
            if (s.facts() instanceof BackupFacts.SplitKwk f) {
                out.add(f.shareSetId());
            } else if (s.facts() instanceof RestoreFacts.LoadBackup f) {
                out.add(f.shareSetId());
            } else if (s.facts() instanceof RestoreFacts.CheckCard f) {
                out.add(f.shareSetId());
            }
        }
        return out;
    }

    static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
