package org.keyceremony.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.journal.facts.StepFacts;

/**
 * How the ledger links ceremonies into a key's history, on ceremonies built from facts records:
 * a card check (which names no root) joins its key by the public key; the transcript SHA-256 it
 * records is evidence; a ceremony built on but missing is a named gap.
 */
class LedgerTest {
    static final String ROOT = "aa".repeat(32);
    static final String SPKI = "bb".repeat(32);
    static final String SET = "0123456789abcdef0123456789abcdef";
    static final String PACKAGE = "cc".repeat(32);
    static final String GEN_ID = "11111111-1111-4111-8111-111111111111";
    static final String GEN_SHA = "dd".repeat(32);
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final Instant T1 = Instant.parse("2027-06-01T10:00:00Z");

    static Ceremony.StepFact step(String id, String action, Instant t, StepFacts f) {
        return new Ceremony.StepFact(id, action, t, f);
    }

    static Ceremony rootGeneration() {
        List<Ceremony.StepFact> s = new ArrayList<>();
        s.add(step("2.3", "generate-root-key", T0, new KeyFacts.GenerateRootKey(new KeyFacts.Key("root-ca", "01", "EC",
                Optional.empty(), Optional.of("P-384"), SPKI, List.of()), Optional.empty(), "hsm-serial-1", 10, true)));
        s.add(step("2.4", "self-sign-certificate", T0, new KeyFacts.SelfSignCertificate(new KeyFacts.Certificate("CN=Root",
                "CN=Root", "01", "2026-12-04T10:00:00Z", "2046-12-04T10:00:00Z", ROOT, "SHA384withECDSA", List.of(), "pem"),
                List.of(), "hsm")));
        s.add(step("3.3", "split-kwk", T0, new BackupFacts.SplitKwk("2", "3", SET, "kcv", List.of())));
        List<BackupFacts.ShareWritten> written = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            written.add(new BackupFacts.ShareWritten("Custodian " + i, i, "card-" + i, "serial-" + i, "" + i, "c" + i, true));
        }
        s.add(step("3.4", "write-share", T0, new BackupFacts.SharesWritten(written, 3)));
        s.add(step("3.6", "write-backup", T0, new BackupFacts.WriteBackup(List.of(new BackupFacts.BackupCopy("media 1",
                "/media-1/p.kcbackup", PACKAGE, 100, Optional.empty())), PACKAGE, true, "root")));
        s.add(step("3.7", "verify-backup-restores", T0, new BackupFacts.VerifyBackupRestores(List.of(), true,
                List.of(), "kcv", true, true, true)));
        return new Ceremony(GEN_ID, "root-key-generation", true, "g/transcript-" + GEN_ID + ".pdf", GEN_SHA, true, T0, T0,
                s);
    }

    static Ceremony cardCheck() {
        List<RestoreFacts.ShareRecord> records = List.of(new RestoreFacts.ShareRecord("1", "Custodian 1", "card-1",
                "serial-1", "c1"));
        RestoreFacts.LoadBackup load = new RestoreFacts.LoadBackup(Optional.empty(), Optional.empty(), "/media-1/p.kcbackup",
                PACKAGE, "not given", false, Optional.empty(), 1, true, GEN_ID, T0.toString(), "root-ca", "01", "EC P-384",
                SPKI, "2", "3", SET, "kcv", records, Optional.empty(), Optional.of("/t/g/transcript-" + GEN_ID + ".pdf"),
                Optional.of(GEN_SHA));
        RestoreFacts.CheckCard check = new RestoreFacts.CheckCard(SET, "2", "3", List.of(
                new RestoreFacts.CardChecked("card-1", Optional.of("serial-1"), Optional.of("1"), Optional.of("c1"),
                        Optional.of("Custodian 1"), "OK: checksum valid, commitment matches share #1"),
                new RestoreFacts.CardChecked("card-2", Optional.of("serial-2"), Optional.of("2"), Optional.of("c2"),
                        Optional.of("Custodian 2"), "PROBLEM: the checksum does not match")),
                2, 1, List.of("3"), false, false);
        return new Ceremony("22222222-2222-4222-8222-222222222222", "card-check", true, "c/transcript-2.pdf", "ee".repeat(32),
                false, T1, T1, List.of(step("2.1", "load-backup", T1, load), step("2.2", "check-card", T1, check)));
    }

    static Archive.Contents archive(Ceremony... ceremonies) {
        return new Archive.Contents(List.of(), List.of(ceremonies), List.of(new Archive.PackageFile("/m/p.kcbackup",
                PACKAGE)), List.of());
    }

    @Test
    void aCardCheckJoinsItsKeyByThePublicKeyAndItsRecordedTranscriptIsEvidence() {
        Ledger.Result r = Ledger.of(archive(cardCheck(), rootGeneration()));
        assertThat(r.gaps()).isEmpty();
        assertThat(r.keys()).singleElement().satisfies(k -> {
            assertThat(k.rootFingerprint()).isEqualTo(ROOT);
            assertThat(k.hsms()).extracting(KeyStatus.HsmHolding::serial, KeyStatus.HsmHolding::how)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("hsm-serial-1", "generated"));
            KeyStatus.ShareSet live = k.liveSet().orElseThrow();
            assertThat(live.threshold()).isEqualTo(2);
            assertThat(live.holders()).extracting(h -> h.lastProof().orElseThrow().time())
                    .containsExactly(T1, T0, T0); // card 1 by the check; card 2's PROBLEM proves nothing
            assertThat(live.holders().get(0).lastProof().orElseThrow().how()).isEqualTo("card check (UNSIGNED transcript)");
            assertThat(k.backups()).singleElement().satisfies(b -> {
                assertThat(b.lastProof().orElseThrow().how()).isEqualTo("proven to restore when written");
                assertThat(b.inArchive()).containsExactly("/m/p.kcbackup");
            });
            assertThat(k.history()).extracting(KeyStatus.HistoryEntry::kind, KeyStatus.HistoryEntry::linkedBy)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("root-key-generation", "root fingerprint"),
                            org.assertj.core.groups.Tuple.tuple("card-check", "transcript SHA-256"));
        });
    }

    @Test
    void withoutTheRootCeremonyTheCardCheckNamesItAsAGapAndTheRootIsUnknown() {
        Ledger.Result r = Ledger.of(archive(cardCheck()));
        assertThat(r.gaps()).singleElement().satisfies(g -> {
            assertThat(g.ceremony()).isEqualTo(GEN_ID);
            assertThat(g.description()).isEqualTo("the transcript transcript-" + GEN_ID + ".pdf with SHA-256 " + GEN_SHA
                    + " is not in the archive (recorded by step 2.1)");
        });
        KeyStatus k = r.keys().get(0);
        assertThat(k.rootFingerprint()).startsWith("unknown");
        assertThat(k.spkiSha256()).contains(SPKI);
        assertThat(k.liveSet().orElseThrow().madeBy()).contains("ceremony " + GEN_ID);
        assertThat(Warnings.evaluate(archive(cardCheck()), r, Policy.defaults(), Roster.none(), T1))
                .extracting(Warning::code).contains("missing-ceremony");
    }
}
