package org.keyceremony.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The warning rules of docs/ledger.md, one at a time, on a key state built by hand. */
class WarningsTest {
    static final Instant MADE = Instant.parse("2026-12-04T10:00:00Z");
    static final String ROOT = "ab".repeat(32);

    static KeyStatus.Proof proof(Instant at) {
        return new KeyStatus.Proof(at, "c1", "card-check c1 (" + LedgerDates.day(at) + ")", "card check");
    }

    static KeyStatus key(Optional<KeyStatus.Erasure> oldErasure, String crlNextUpdate, String rootNotAfter) {
        List<KeyStatus.Share> holders = List.of(
                new KeyStatus.Share("1", "Carla Custodian", "s1", "card-1", Optional.of(proof(MADE))),
                new KeyStatus.Share("2", "Nina Newcomer", "s6", "card-6", Optional.of(proof(MADE))),
                new KeyStatus.Share("3", "Ned Newcomer", "s7", "card-7", Optional.of(proof(MADE))));
        KeyStatus.ShareSet live = new KeyStatus.ShareSet("new", 2, 3, Optional.of("share-rotation r"), Optional.of(MADE),
                true, holders, Optional.empty());
        KeyStatus.ShareSet old = new KeyStatus.ShareSet("old", 3, 5, Optional.of("root-key-generation g"),
                Optional.of(MADE.minusSeconds(60)), false, List.of(), oldErasure);
        KeyStatus.Backup backup = new KeyStatus.Backup("cd".repeat(32), "new", Optional.of("share-rotation r"),
                Optional.of(MADE), List.of(), List.of(), Optional.of(proof(MADE)), Optional.empty());
        KeyStatus.Backup superseded = new KeyStatus.Backup("ef".repeat(32), "old", Optional.empty(), Optional.empty(),
                List.of(), List.of(), Optional.empty(), Optional.of("new.kcbackup"));
        return new KeyStatus(ROOT, Optional.empty(), "root-ca", List.of(), List.of(old, live), List.of(backup, superseded),
                List.of(new KeyStatus.Certificate("root", "CN=Root", "01", rootNotAfter, "00", "g")),
                List.of(new KeyStatus.Crl("1", "2027-01-15T00:00:00Z", "2027-06-01T00:00:00Z", "11", "x"),
                        new KeyStatus.Crl("2", "2027-06-01T00:00:00Z", crlNextUpdate, "22", "y")),
                List.of());
    }

    static final Optional<KeyStatus.Erasure> ERASED = Optional.of(new KeyStatus.Erasure(MADE, "r", "share-rotation r",
            3, List.of()));

    static List<String> codes(KeyStatus k, Roster roster, String asOf) {
        return Warnings.ofKey(k, Policy.defaults(), roster, Instant.parse(asOf)).stream().map(Warning::code).toList();
    }

    @Test
    void aFreshKeyHasNoWarning() {
        assertThat(codes(key(ERASED, "2028-01-10T00:00:00Z", "2046-12-04T00:00:00Z"), Roster.none(),
                "2027-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void twoYearsLaterEveryProofIsStaleAndTheQuorumAtRisk() {
        List<Warning> w = Warnings.ofKey(key(ERASED, "2030-01-10T00:00:00Z", "2046-12-04T00:00:00Z"), Policy.defaults(),
                Roster.none(), Instant.parse("2028-12-04T10:00:00Z"));
        assertThat(w).extracting(Warning::code).containsExactly("card-not-proven", "card-not-proven", "card-not-proven",
                "quorum-at-risk", "backup-not-proven");
        assertThat(w.get(0).message()).isEqualTo("card s1 (Carla Custodian, share #1 of set new) was last proven readable "
                + "on 2026-12-04 by card-check c1 (2026-12-04), more than 12 months before 2028-12-04. Run a card check "
                + "with this card.");
        assertThat(w.get(3).message()).startsWith("only 0 of the 3 cards of the live set new (2-of-3) were proven within "
                + "12 months; the policy wants at least 3 (M + 1).");
        assertThat(w).allMatch(x -> x.key().equals(ROOT));
    }

    @Test
    void theWindowIsCalendarMonths() {
        KeyStatus k = key(ERASED, "2030-01-10T00:00:00Z", "2046-12-04T00:00:00Z");
        assertThat(codes(k, Roster.none(), "2027-12-04T10:00:00Z")).isEmpty();
        assertThat(codes(k, Roster.none(), "2027-12-04T10:00:01Z")).contains("card-not-proven", "quorum-at-risk");
    }

    @Test
    void aDepartedCustodianWhoStillHoldsALiveShareIsAWarningFromTheDayTheRosterGives() {
        Roster roster = new Roster(List.of(new Roster.Entry("Nina Newcomer", Roster.Status.DEPARTED,
                LocalDate.of(2027, 3, 1))));
        KeyStatus k = key(ERASED, "2028-01-10T00:00:00Z", "2046-12-04T00:00:00Z");
        assertThat(codes(k, roster, "2027-02-28T00:00:00Z")).isEmpty();
        List<Warning> w = Warnings.ofKey(k, Policy.defaults(), roster, Instant.parse("2027-03-01T00:00:00Z"));
        assertThat(w).extracting(Warning::message).containsExactly("Nina Newcomer is departed since 2027-03-01 (roster) "
                + "and still holds share #2 of the live set new on card s6. Plan a share rotation that replaces this "
                + "custodian.");
    }

    @Test
    void onlyTheNewestCrlCountsAndItWarnsWithinThirtyDaysOrPast() {
        KeyStatus k = key(ERASED, "2027-02-20T00:00:00Z", "2046-12-04T00:00:00Z");
        assertThat(codes(k, Roster.none(), "2027-01-20T00:00:00Z")).isEmpty();
        assertThat(codes(k, Roster.none(), "2027-01-21T00:00:00Z")).containsExactly("crl-next-update");
        assertThat(Warnings.ofKey(k, Policy.defaults(), Roster.none(), Instant.parse("2027-03-01T00:00:00Z")).get(0)
                .message()).isEqualTo("the newest CRL (number 2) has nextUpdate 2027-02-20T00:00:00Z, already past on "
                + "2027-03-01. Hold a crl-signing ceremony.");
    }

    @Test
    void aCertificateExpiringWithinAYearWarns() {
        KeyStatus k = key(ERASED, "2028-01-10T00:00:00Z", "2027-10-01T00:00:00Z");
        assertThat(codes(k, Roster.none(), "2027-01-01T00:00:00Z")).containsExactly("certificate-expiry");
    }

    @Test
    void aSupersededSetWithoutRecordedErasureWarnsAndASupersededPackageDoesNot() {
        assertThat(codes(key(Optional.empty(), "2028-01-10T00:00:00Z", "2046-12-04T00:00:00Z"), Roster.none(),
                "2027-01-01T00:00:00Z")).containsExactly("old-set-not-erased");
    }

    @Test
    void thePolicyMovesTheThresholds() {
        KeyStatus k = key(ERASED, "2028-01-10T00:00:00Z", "2046-12-04T00:00:00Z");
        Policy strict = new Policy(1, 0, 1, 30, 365);
        assertThat(Warnings.ofKey(k, strict, Roster.none(), Instant.parse("2027-02-01T00:00:00Z")))
                .extracting(Warning::code).contains("card-not-proven", "quorum-at-risk", "backup-not-proven");
        Policy margin = new Policy(12, 2, 12, 30, 365);
        assertThat(Warnings.ofKey(k, margin, Roster.none(), Instant.parse("2027-01-01T00:00:00Z")))
                .extracting(Warning::code).containsExactly("quorum-at-risk");
    }

    @Test
    void aCardIsProvenUpToTheEndOfItsWindowAndNotAfter() {
        KeyStatus.Share card = new KeyStatus.Share("1", "Carla Custodian", "s1", "card-1", Optional.of(proof(MADE)));
        assertThat(Warnings.cardProven(card, Policy.defaults(), Instant.parse("2027-12-04T10:00:00Z"))).isTrue();
        assertThat(Warnings.cardProven(card, Policy.defaults(), Instant.parse("2027-12-04T10:00:01Z"))).isFalse();
        assertThat(Warnings.cardProven(new KeyStatus.Share("2", "N", "s2", "card-2", Optional.empty()), Policy.defaults(),
                MADE)).as("never proven").isFalse();
        KeyStatus.Backup backup = key(ERASED, "2030-01-10T00:00:00Z", "2046-12-04T00:00:00Z").backups().get(0);
        assertThat(Warnings.backupProven(backup, Policy.defaults(), Instant.parse("2027-12-04T10:00:00Z"))).isTrue();
        assertThat(Warnings.backupProven(backup, Policy.defaults(), Instant.parse("2028-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void eachWarningNamesTheShippedCeremonyThatResolvesIt() {
        assertThat(java.util.stream.Stream.of("card-not-proven", "quorum-at-risk", "custodian-left", "backup-not-proven",
                "crl-next-update", "certificate-expiry", "old-set-not-erased", "transcript-fails-verification",
                "missing-ceremony").map(c -> String.join(" or ", new Warning(c, ROOT, "m").resolvingScripts())).toList())
                .containsExactly("card-check", "card-check or share-rotation", "share-rotation", "backup-restore",
                        "crl-signing", "subordinate-signing", "", "", "");
        for (String script : List.of("card-check", "share-rotation", "backup-restore", "crl-signing",
                "subordinate-signing")) {
            assertThat(java.nio.file.Path.of("ceremony-scripts", script + ".yaml")).as("shipped").isRegularFile();
        }
    }
}
