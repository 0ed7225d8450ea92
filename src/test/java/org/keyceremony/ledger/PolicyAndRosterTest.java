package org.keyceremony.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;

/** The ledger's two YAML inputs: read strictly, every refusal naming the file, the line and the field. */
class PolicyAndRosterTest {

    @Test
    void theShippedPolicyIsTheDocumentedOne() {
        assertThat(Policy.defaults()).isEqualTo(new Policy(12, 1, 12, 30, 365));
    }

    @Test
    void aPolicyFileChangesOnlyWhatItGives() throws Exception {
        Policy p = Policy.parse("version: 1\ncard-proof-months: 6\ncrl-next-update-days: 14\n", "p.yaml",
                Policy.defaults());
        assertThat(p).isEqualTo(new Policy(6, 1, 12, 14, 365));
    }

    @Test
    void policyRefusalsNameTheLineAndTheField() {
        assertThatThrownBy(() -> Policy.parse("version: 1\ncard-proof: 6\n", "p.yaml", Policy.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("p.yaml: line 2: card-proof: unknown key; allowed: backup-proof-months, "
                        + "card-proof-months, certificate-expiry-days, crl-next-update-days, quorum-margin, version");
        assertThatThrownBy(() -> Policy.parse("version: 1\ncard-proof-months: \"six\"\n", "p.yaml", Policy.defaults()))
                .hasMessage("p.yaml: line 2: card-proof-months: must be a whole number from 1 to 600");
        assertThatThrownBy(() -> Policy.parse("card-proof-months: 6\n", "p.yaml", Policy.defaults()))
                .hasMessage("p.yaml: line 1: version: missing");
        assertThatThrownBy(() -> Policy.parse("version: 2\n", "p.yaml", Policy.defaults()))
                .hasMessage("p.yaml: line 1: version: must be a whole number from 1 to 1");
        assertThatThrownBy(() -> Policy.parse("version: 1\n---\nversion: 1\n", "p.yaml", Policy.defaults()))
                .hasMessageStartingWith("p.yaml: line ").hasMessageContaining("not a valid ledger policy (second document)");
        assertThatThrownBy(() -> Policy.parse("version: 1\nversion: 1\n", "p.yaml", Policy.defaults()))
                .hasMessage("p.yaml: line 2: version: duplicate key; first given at line 1");
        assertThatThrownBy(() -> Policy.parse("[1, 2]\n", "p.yaml", Policy.defaults()))
                .hasMessage("p.yaml: line 1: (the file): expected a mapping (key: value lines)");
    }

    @Test
    void aRosterListsEachCustodianWithStatusAndDay() throws Exception {
        Roster r = Roster.parse("""
                version: 1
                custodians:
                  - {name: Carla Custodian, status: active, since: 2026-01-01}
                  - {name: Chris Custodian, status: departed, since: 2027-03-01}
                  - {name: Coco  custodian, status: absent, since: "2027-06-01"}
                """, "r.yaml");
        assertThat(r.custodians()).hasSize(3);
        assertThat(r.custodians().get(1)).isEqualTo(new Roster.Entry("Chris Custodian", Roster.Status.DEPARTED,
                LocalDate.of(2027, 3, 1)));
        // a status counts from its day on, and names match ignoring case and spacing
        assertThat(r.leftBy("Chris Custodian", Instant.parse("2027-02-28T23:59:59Z"))).isEmpty();
        assertThat(r.leftBy("Chris Custodian", Instant.parse("2027-03-01T00:00:00Z"))).isPresent();
        assertThat(r.leftBy("coco custodian", Instant.parse("2028-01-01T00:00:00Z"))).isPresent();
        assertThat(r.leftBy("Carla Custodian", Instant.parse("2028-01-01T00:00:00Z"))).isEmpty();
        assertThat(r.leftBy("Nobody Listed", Instant.parse("2028-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void rosterRefusalsNameTheLineAndTheField() {
        assertThatThrownBy(() -> Roster.parse("version: 1\ncustodians:\n  - {name: A, status: retired, since: 2027-01-01}\n",
                "r.yaml")).hasMessage("r.yaml: line 3: custodians[1].status: must be active, departed or absent");
        assertThatThrownBy(() -> Roster.parse("version: 1\ncustodians:\n  - {name: A, status: active, since: 1.3.2027}\n",
                "r.yaml")).hasMessage("r.yaml: line 3: custodians[1].since: must be a date written YYYY-MM-DD");
        assertThatThrownBy(() -> Roster.parse("version: 1\ncustodians:\n  - {name: A, status: active}\n", "r.yaml"))
                .hasMessage("r.yaml: line 3: custodians[1].since: missing");
        assertThatThrownBy(() -> Roster.parse("version: 1\ncustodians:\n  - {name: A, status: active, since: 2027-01-01}\n"
                + "  - {name: a, status: departed, since: 2027-02-01}\n", "r.yaml"))
                .hasMessage("r.yaml: line 4: custodians[2].name: the custodian is already listed as custodians[1]; "
                        + "give each custodian once, with their current status");
        assertThatThrownBy(() -> Roster.parse("version: 1\ncustodians:\n  - {name: A, role: x, status: active, "
                + "since: 2027-01-01}\n", "r.yaml")).hasMessage("r.yaml: line 3: custodians[1].role: unknown key; "
                + "allowed: name, since, status");
        assertThatThrownBy(() -> Roster.parse("version: 1\ncustodians: &a []\n", "r.yaml"))
                .hasMessageContaining("not a valid custodian roster (anchor)");
    }
}
