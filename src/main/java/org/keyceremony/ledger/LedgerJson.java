package org.keyceremony.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.DurableFile;
import org.keyceremony.journal.Json;
import org.keyceremony.transcript.Check;

/**
 * {@code ceremony status --json}: the report as one JSON object, format {@code keyceremony-ledger}
 * version {@value #VERSION} (docs/ledger.md, "JSON format"). A field is added in a compatible way
 * (readers ignore what they do not know); a field removed or changed in meaning is a new version.
 */
public final class LedgerJson {
    /** The format's version; docs/ledger.md documents each. */
    public static final int VERSION = 1;
    public static final String FORMAT = "keyceremony-ledger";

    private LedgerJson() {
    }

    /** The canonical JSON text of {@code report}. */
    public static String of(LedgerReport report) {
        return Json.canonical(object(report));
    }

    /**
     * Writes the JSON of {@code report} as a new file only ({@link DurableFile}: never over an existing
     * one, forced to the medium), reads it back and compares it; returns its SHA-256.
     */
    public static String write(LedgerReport report, Path out) throws KeyCeremonyException {
        byte[] json = (of(report) + "\n").getBytes(StandardCharsets.UTF_8);
        String name = Check.printable(out.toString());
        try {
            DurableFile.writeNew(out, json);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException(name + " already exists; a report is never written over a file. "
                    + "Name a new file.");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name + ": its folder does not exist; create it or name another.");
        } catch (IOException e) {
            throw new KeyCeremonyException("writing the status JSON " + name + " failed (" + e.getClass().getSimpleName()
                    + "); check the medium and its free space, then write it again.", e);
        }
        try {
            byte[] back = Files.readAllBytes(out);
            if (!Arrays.equals(back, json)) {
                throw new KeyCeremonyException("the status JSON " + name + " does not read back as written; the medium "
                        + "is unreliable. Delete the file and write it to another medium.");
            }
            return Digests.sha256Hex(back);
        } catch (IOException e) {
            throw new KeyCeremonyException("reading back the status JSON " + name + " failed ("
                    + e.getClass().getSimpleName() + "); delete it and write it to another medium.", e);
        }
    }

    static Map<String, Object> object(LedgerReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("asOf", r.asOf().toString());
        m.put("exitStatus", r.exitStatus());
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("cardProofMonths", r.policy().cardProofMonths());
        policy.put("quorumMargin", r.policy().quorumMargin());
        policy.put("backupProofMonths", r.policy().backupProofMonths());
        policy.put("crlNextUpdateDays", r.policy().crlNextUpdateDays());
        policy.put("certificateExpiryDays", r.policy().certificateExpiryDays());
        m.put("policy", policy);
        Map<String, Object> roster = new LinkedHashMap<>();
        roster.put("given", r.rosterGiven());
        roster.put("custodians", list(r.roster().custodians(), c -> obj("name", c.name(), "status", c.status().word(),
                "since", c.since().toString())));
        m.put("roster", roster);
        Map<String, Object> archive = new LinkedHashMap<>();
        archive.put("folders", List.copyOf(r.folders()));
        archive.put("transcripts", list(r.archive().transcripts(), t -> obj("file", t.file(), "sha256", t.sha256(),
                "verdict", t.verdict().name().toLowerCase(java.util.Locale.ROOT), "reason", t.reason(),
                "ceremonyId", t.ceremonyId().orElse(null))));
        archive.put("backupPackages", list(r.archive().packages(), p -> obj("file", p.file(), "sha256", p.sha256())));
        archive.put("otherPdfs", List.copyOf(r.archive().otherPdfs()));
        m.put("archive", archive);
        m.put("keys", list(r.ledger().keys(), LedgerJson::key));
        m.put("gaps", list(r.ledger().gaps(), g -> obj("ceremony", g.ceremony(), "description", g.description(),
                "referencedBy", g.referencedBy())));
        m.put("warnings", list(r.warnings(), w -> obj("code", w.code(), "key", w.key(), "message", w.message())));
        return m;
    }

    private static Map<String, Object> key(KeyStatus k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rootFingerprint", k.rootFingerprint());
        m.put("spkiSha256", k.spkiSha256().orElse(null));
        m.put("label", k.label());
        m.put("hsms", list(k.hsms(), h -> obj("serial", h.serial(), "tokenLabel", h.tokenLabel(), "how", h.how(),
                "since", time(h.since()), "sinceCeremony", h.sinceCeremony(), "lastSeen", time(h.lastSeen()),
                "lastCeremony", h.lastCeremony())));
        m.put("liveShareSet", k.liveSet().map(KeyStatus.ShareSet::setId).orElse(null));
        m.put("shareSets", list(k.shareSets(), s -> {
            Map<String, Object> o = obj("setId", s.setId(), "threshold", s.threshold(), "shares", s.shares(),
                    "madeBy", s.madeBy().orElse(null), "madeAt", s.madeAt().map(LedgerJson::time).orElse(null),
                    "live", s.live());
            o.put("erasure", s.erasure().map(e -> (Object) obj("time", time(e.time()), "ceremonyId", e.ceremonyId(),
                    "ceremony", e.ceremony(), "cardsErased", e.cardsErased(), "notErased", List.copyOf(e.notErased())))
                    .orElse(null));
            o.put("holders", list(s.holders(), h -> obj("shareNumber", h.shareNumber(), "custodian", h.custodian(),
                    "cardSerial", h.cardSerial(), "cardLabel", h.cardLabel(), "lastProven", proof(h.lastProof()))));
            return o;
        }));
        m.put("backups", list(k.backups(), b -> obj("sha256", b.sha256(), "shareSetId", b.setId(),
                "madeBy", b.madeBy().orElse(null), "madeAt", b.madeAt().map(LedgerJson::time).orElse(null),
                "copies", List.copyOf(b.copies()), "inArchive", List.copyOf(b.inArchive()),
                "lastProvenToRestore", proof(b.lastProof()), "supersededBy", b.supersededBy().orElse(null))));
        m.put("certificates", list(k.certificates(), c -> obj("what", c.what(), "subject", c.subject(),
                "serial", c.serial(), "notAfter", c.notAfter(), "sha256", c.sha256(), "ceremonyId", c.ceremonyId())));
        m.put("crls", list(k.crls(), c -> obj("crlNumber", c.crlNumber(), "thisUpdate", c.thisUpdate(),
                "nextUpdate", c.nextUpdate(), "sha256", c.sha256(), "ceremonyId", c.ceremonyId())));
        m.put("history", list(k.history(), h -> obj("ceremonyId", h.ceremonyId(), "kind", h.kind(),
                "time", time(h.time()), "file", h.file(), "signed", h.signed(), "buildsOn", List.copyOf(h.buildsOn()),
                "linkedBy", h.linkedBy())));
        return m;
    }

    private static Object proof(Optional<KeyStatus.Proof> p) {
        return p.map(x -> (Object) obj("time", time(x.time()), "ceremonyId", x.ceremonyId(), "ceremony", x.ceremony(),
                "how", x.how())).orElse(null);
    }

    private static String time(Instant t) {
        return t.toString();
    }

    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static <T> List<Object> list(List<T> items, java.util.function.Function<T, Object> f) {
        List<Object> out = new ArrayList<>();
        for (T t : items) {
            out.add(f.apply(t));
        }
        return out;
    }
}
