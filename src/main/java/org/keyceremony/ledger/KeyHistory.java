package org.keyceremony.ledger;

import java.time.Instant;
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
import org.keyceremony.journal.facts.BuildsOn;
import org.keyceremony.journal.facts.CertificateIssued;
import org.keyceremony.journal.facts.CrlIssued;
import org.keyceremony.journal.facts.HsmFacts;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.journal.facts.RootRecorded;

/**
 * The history and state of one key ({@link KeyStatus}), built from its verified ceremonies one by one in
 * time order: what each step's facts establish about HSMs, share sets, cards, backups, certificates
 * and CRLs, and what each ceremony builds on (by recorded transcript SHA-256, else inferred), with the
 * gaps found on the way.
 */
final class KeyHistory {
    private final String key;
    private final Archive.Contents archive;
    private Optional<String> spki = Optional.empty();
    private String label = "";
    private final Map<String, HsmState> hsms = new LinkedHashMap<>();
    private final Map<String, SetState> sets = new LinkedHashMap<>();
    private final Map<String, BackupState> backups = new LinkedHashMap<>();
    private final List<KeyStatus.Certificate> certificates = new ArrayList<>();
    private final List<KeyStatus.Crl> crls = new ArrayList<>();
    private final List<KeyStatus.HistoryEntry> history = new ArrayList<>();

    KeyHistory(String key, Archive.Contents archive) {
        this.key = key;
        this.archive = archive;
    }

    KeyStatus build(List<Ceremony> ceremonies, Map<String, String> linkedBy, Map<String, Ceremony> bySha,
                    Map<String, Ceremony> byId, Map<String, String> failed, List<Gap> gaps, Set<String> gapIds) {
        for (Ceremony c : ceremonies) {
            apply(c);
            List<String> buildsOn = new ArrayList<>();
            String how = linkedBy.get(c.id());
            for (Ceremony.Located<BuildsOn> b : c.all(BuildsOn.class)) {
                Optional<String> sha = b.facts().previousTranscriptSha256();
                String file = b.facts().previousTranscript().map(Ledger::fileName).orElse("");
                String idFromName = file.startsWith(Archive.TRANSCRIPT_PREFIX) && file.endsWith(".pdf")
                        ? file.substring(Archive.TRANSCRIPT_PREFIX.length(), file.length() - 4) : "";
                if (sha.isPresent()) {
                    Ceremony earlier = bySha.get(sha.get());
                    if (earlier != null) {
                        buildsOn.add(earlier.label() + " (transcript SHA-256 " + sha.get() + ", recorded in step "
                                + b.step() + ")");
                        how = "transcript SHA-256";
                    } else {
                        String id = idFromName.isEmpty() ? file : idFromName;
                        buildsOn.add("MISSING: " + file + " (transcript SHA-256 " + sha.get() + ")");
                        String there = failed.containsKey(sha.get()) ? " is in the archive ("
                                + failed.get(sha.get()) + ") but fails verification"
                                : failed.containsKey(file) ? ": a file of that name is in the archive ("
                                + failed.get(file) + ") but fails verification" : " is not in the archive";
                        gap(gaps, gapIds, id, "the transcript " + file + " with SHA-256 " + sha.get() + there
                                + " (recorded by step " + b.step() + ")", c);
                    }
                } else if (b.facts() instanceof RestoreFacts.LoadBackup lb) {
                    Ceremony earlier = byId.get(lb.originalCeremonyId());
                    if (earlier != null) {
                        buildsOn.add(earlier.label() + " (the ceremony the backup package names; no transcript "
                                + "SHA-256 recorded)");
                    } else {
                        buildsOn.add("MISSING: ceremony " + lb.originalCeremonyId() + " (named by the backup package)");
                        gap(gaps, gapIds, lb.originalCeremonyId(), "the ceremony that wrote the backup package "
                                + lb.sha256() + " (named in its signed metadata) has no transcript in the archive", c);
                    }
                }
            }
            history.add(new KeyStatus.HistoryEntry(c.id(), c.kind(), c.ended(), c.file(), c.signed(), buildsOn,
                    how == null ? "root fingerprint" : how));
        }
        // a card check names the set it checked: if nothing in the archive made or loaded that set, it is a gap
        for (SetState s : sets.values()) {
            if (s.madeBy.isEmpty() && s.madeByName.isPresent() && !byId.containsKey(s.madeByName.get())) {
                gap(gaps, gapIds, s.madeByName.get(), "the ceremony that made share set " + s.id
                        + " has no transcript in the archive", null);
            }
        }
        String live = sets.values().stream().max(Comparator.comparing(s -> s.madeAt.orElse(Instant.MIN)))
                .map(s -> s.id).orElse("");
        List<KeyStatus.ShareSet> shareSets = new ArrayList<>();
        for (SetState s : sets.values()) {
            shareSets.add(s.status(s.id.equals(live)));
        }
        List<KeyStatus.Backup> backupList = new ArrayList<>();
        for (BackupState b : backups.values()) {
            List<String> found = archive.packages().stream().filter(p -> p.sha256().equals(b.sha))
                    .map(Archive.PackageFile::file).toList();
            backupList.add(new KeyStatus.Backup(b.sha, b.set, b.madeBy, b.madeAt, List.copyOf(b.copies), found, b.proof,
                    b.supersededBy));
        }
        List<KeyStatus.HsmHolding> holdings = hsms.values().stream().map(h -> new KeyStatus.HsmHolding(h.serial,
                h.label, h.how, h.since, h.sinceCeremony, h.lastSeen, h.lastCeremony)).toList();
        String root = key.startsWith("spki:") ? "unknown (no transcript in the archive names the root certificate)"
                : key;
        return new KeyStatus(root, spki, label, holdings, shareSets, backupList, certificates, crls, history);
    }

    private static void gap(List<Gap> gaps, Set<String> gapIds, String id, String description, Ceremony by) {
        if (gapIds.add(id)) {
            gaps.add(new Gap(id, description, by == null ? "" : by.label()));
        }
    }

    /** What one ceremony establishes about the key. */
    private void apply(Ceremony c) {
        Map<String, String> labelOfSerial = new HashMap<>();
        String hsmRoleSerial = null;
        for (Ceremony.Located<HsmFacts.IdentifyHsm> i : c.all(HsmFacts.IdentifyHsm.class)) {
            labelOfSerial.put(i.facts().token().serial(), i.facts().token().tokenLabel());
            if (i.facts().role().equals("hsm")) {
                hsmRoleSerial = i.facts().token().serial();
            }
        }
        String made = null;      // the set this ceremony split
        String loaded = null;    // the set of the package it loaded
        String loadedSha = null;
        boolean kwkConfirmed = false;
        for (Ceremony.StepFact s : c.steps()) {
            Instant t = s.time();
            Object facts = s.facts();
            if (facts == null) {
                continue;
            } else if (facts instanceof KeyFacts.GenerateRootKey f) {
                spki = Optional.of(f.key().spkiSha256());
                label = f.key().label();
                hsm(f.tokenSerial(), labelOfSerial, "generated", t, c);
            } else if (facts instanceof KeyFacts.SelfSignCertificate f) {
                certificates.add(new KeyStatus.Certificate("root",
                    f.certificate().subject(), f.certificate().serial(), f.certificate().notAfter(),
                    f.certificate().sha256(), c.id()));
            } else if (facts instanceof BackupFacts.SplitKwk f) {
                made = f.shareSetId();
                SetState set = set(f.shareSetId());
                set.threshold = parse(f.threshold());
                set.shares = parse(f.shares());
                set.madeBy = Optional.of(c);
                set.madeAt = Optional.of(t);
            } else if (facts instanceof BackupFacts.WriteShare f) {
                if (made != null) {
                    for (BackupFacts.ShareWritten w : f.written()) {
                        ShareState sh = set(made).share(w.shareNumber());
                        sh.custodian = w.custodian();
                        sh.cardSerial = w.cardSerial();
                        sh.cardLabel = w.cardLabel();
                        if (w.readBackVerified()) {
                            sh.prove(new KeyStatus.Proof(t, c.id(), c.label(), "written and read back"));
                        }
                    }
                }
            } else if (facts instanceof BackupFacts.VerifyQuorum f) {
                if (made != null && f.allRebuildTheKwk() && f.readFromCards().isPresent()) {
                    for (BackupFacts.ShareRead r : f.readFromCards().get()) {
                        set(made).holders.values().stream().filter(sh -> r.cardSerial().equals(sh.cardSerial))
                                .forEach(sh -> sh.prove(new KeyStatus.Proof(t, c.id(), c.label(),
                                        "read back for the quorum check")));
                    }
                }
            } else if (facts instanceof BackupFacts.WriteBackup f) {
                BackupState b = backup(f.sha256());
                b.set = made == null ? b.set : made;
                b.madeBy = Optional.of(c.label());
                b.madeAt = Optional.of(t);
                f.copies().forEach(copy -> b.copies.add(copy.path()));
            } else if (facts instanceof BackupFacts.VerifyBackupRestores f) {
                if (f.packageSignatureValid() && f.challengeSignatureVerified()) {
                    backups.values().stream().filter(b -> b.madeBy.equals(Optional.of(c.label())))
                            .forEach(b -> b.prove(new KeyStatus.Proof(t, c.id(), c.label(),
                                    "proven to restore when written")));
                }
            } else if (facts instanceof RestoreFacts.LoadBackup f) {
                spki = spki.or(() -> Optional.of(f.spkiSha256()));
                label = label.isEmpty() ? f.keyLabel() : label;
                loaded = f.shareSetId();
                loadedSha = f.sha256();
                SetState set = set(f.shareSetId());
                if (set.madeBy.isEmpty()) {
                    set.threshold = parse(f.threshold());
                    set.shares = parse(f.shares());
                    set.madeByName = Optional.of(f.originalCeremonyId());
                    set.madeAt = set.madeAt.or(() -> LedgerDates.instant(f.createdAt()));
                    for (RestoreFacts.ShareRecord r : f.shareRecords()) {
                        ShareState sh = set.share(r.shareNumber());
                        sh.custodian = r.custodian();
                        sh.cardSerial = r.cardSerial();
                        sh.cardLabel = r.cardLabel();
                    }
                }
                BackupState b = backup(f.sha256());
                b.set = f.shareSetId();
                if (b.madeBy.isEmpty()) {
                    b.madeBy = Optional.of("ceremony " + f.originalCeremonyId());
                    b.madeAt = LedgerDates.instant(f.createdAt());
                }
                b.copies.add(f.packageFile());
            } else if (facts instanceof RestoreFacts.ReadShare f) {
                if (loaded != null) {
                    for (RestoreFacts.CardRead r : f.cards()) {
                        if (r.result().startsWith("valid share") && r.shareNumber().isPresent()) {
                            set(loaded).share(r.shareNumber().get()).prove(new KeyStatus.Proof(t, c.id(),
                                    c.label(), "read with the custodian's PIN (" + c.kind() + ")"));
                        }
                    }
                }
            } else if (facts instanceof RestoreFacts.CheckCard f) {
                for (RestoreFacts.CardChecked r : f.cards()) {
                    if (r.result().startsWith("OK") && r.shareNumber().isPresent()) {
                        set(f.shareSetId()).share(r.shareNumber().get()).prove(new KeyStatus.Proof(t, c.id(),
                                c.label(), "card check" + (c.signed() ? "" : " (UNSIGNED transcript)")));
                    }
                }
            } else if (facts instanceof RestoreFacts.CombineKwk f) {
                kwkConfirmed = f.checkValueConfirmed();
            } else if (facts instanceof RestoreFacts.UnwrapIntoHsm f) {
                hsm(f.tokenSerial(), Map.of(f.tokenSerial(), f.tokenLabel()), "restored", t, c);
            } else if (facts instanceof RestoreFacts.VerifyRestoredKey f) {
                if (f.signatureVerified() && kwkConfirmed && loadedSha != null) {
                    backup(loadedSha).prove(new KeyStatus.Proof(t, c.id(), c.label(),
                            "restored into HSM " + f.tokenSerial() + " and proven to sign"));
                }
            } else if (facts instanceof BackupFacts.WrapRootKey f) {
                if (kwkConfirmed && loadedSha != null && f.temporaryCopyDestroyed().isPresent()) {
                    backup(loadedSha).prove(new KeyStatus.Proof(t, c.id(), c.label(),
                            "opened and the key re-wrapped from it (share rotation)"));
                }
            } else if (facts instanceof HsmFacts.SealRootKey f) {
                hsm(f.tokenSerial(), labelOfSerial, "sealed", t, c);
            } else if (facts instanceof RestoreFacts.EraseShare f) {
                SetState old = set(f.oldShareSetId());
                old.erasure = Optional.of(new KeyStatus.Erasure(t, c.id(), c.label(), f.oldCardsErased(),
                        f.oldSharesNotErased()));
                backup(f.supersededPackageSha256()).supersededBy = Optional.of(f.supersededBy());
            } else if (facts instanceof CrlIssued f) {
                crls.add(new KeyStatus.Crl(f.crlNumber(), f.thisUpdate(), f.nextUpdate(), f.sha256(), c.id()));
            } else if (facts instanceof CertificateIssued f) {
                certificates.add(new KeyStatus.Certificate(f.profile(), f.certificate().subject(),
                        f.certificate().serial(), f.certificate().notAfter(), f.certificate().sha256(), c.id()));
            } else if (facts instanceof RootRecorded f) {
                if (hsmRoleSerial != null) {
                    // the signing ceremonies prove the key is held there before they sign (load-issuer)
                    hsm(hsmRoleSerial, labelOfSerial, "used", t, c);
                }
            }
        }
    }

    private void hsm(String serial, Map<String, String> labels, String how, Instant t, Ceremony c) {
        HsmState h = hsms.get(serial);
        if (h == null) {
            h = new HsmState();
            h.serial = serial;
            h.label = labels.getOrDefault(serial, "");
            h.how = how;
            h.since = t;
            h.sinceCeremony = c.label();
            hsms.put(serial, h);
        }
        if (h.label.isEmpty()) {
            h.label = labels.getOrDefault(serial, "");
        }
        if (!t.isBefore(h.lastSeen)) {
            h.lastSeen = t;
            h.lastCeremony = c.label();
        }
    }

    private SetState set(String id) {
        return sets.computeIfAbsent(id, SetState::new);
    }

    private BackupState backup(String sha) {
        return backups.computeIfAbsent(sha, BackupState::new);
    }

    private static int parse(String n) {
        try {
            return Integer.parseInt(n.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<KeyStatus.Proof> later(Optional<KeyStatus.Proof> a, KeyStatus.Proof b) {
        return a.isPresent() && a.get().time().isAfter(b.time()) ? a : Optional.of(b);
    }

    private static final class HsmState {
        String serial;
        String label;
        String how;
        Instant since;
        String sinceCeremony;
        Instant lastSeen = Instant.MIN;
        String lastCeremony;
    }

    private static final class ShareState {
        final String number;
        String custodian = "";
        String cardSerial = "";
        String cardLabel = "";
        Optional<KeyStatus.Proof> proof = Optional.empty();

        ShareState(String number) {
            this.number = number;
        }

        void prove(KeyStatus.Proof p) {
            proof = later(proof, p);
        }
    }

    private static final class SetState {
        final String id;
        int threshold;
        int shares;
        Optional<Ceremony> madeBy = Optional.empty();
        Optional<String> madeByName = Optional.empty();
        Optional<Instant> madeAt = Optional.empty();
        Optional<KeyStatus.Erasure> erasure = Optional.empty();
        final Map<String, ShareState> holders = new LinkedHashMap<>();

        SetState(String id) {
            this.id = id;
        }

        ShareState share(String number) {
            return holders.computeIfAbsent(number, ShareState::new);
        }

        KeyStatus.ShareSet status(boolean live) {
            List<KeyStatus.Share> list = holders.values().stream().sorted(Comparator.comparingInt(s -> parse(s.number)))
                    .map(s -> new KeyStatus.Share(s.number, s.custodian, s.cardSerial, s.cardLabel, s.proof)).toList();
            Optional<String> by = madeBy.map(Ceremony::label).or(() -> madeByName.map(n -> "ceremony " + n));
            return new KeyStatus.ShareSet(id, threshold, shares == 0 ? holders.size() : shares, by, madeAt, live, list,
                    erasure);
        }
    }

    private static final class BackupState {
        final String sha;
        String set = "";
        Optional<String> madeBy = Optional.empty();
        Optional<Instant> madeAt = Optional.empty();
        final Set<String> copies = new LinkedHashSet<>();
        Optional<KeyStatus.Proof> proof = Optional.empty();
        Optional<String> supersededBy = Optional.empty();

        BackupState(String sha) {
            this.sha = sha;
        }

        void prove(KeyStatus.Proof p) {
            proof = later(proof, p);
        }
    }
}
