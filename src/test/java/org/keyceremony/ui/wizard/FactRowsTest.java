package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.keyceremony.ceremony.actions.signing.LoadIssuer;
import org.keyceremony.ceremony.actions.signing.PrepareCertificate;
import org.keyceremony.ceremony.actions.signing.PrepareCrl;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.ui.wizard.FactRows.Row;

/** What the confirmer reads on the confirmation panel, from facts as the engine writes them to the log. */
class FactRowsTest {
    private static final String TBS = "3a074d30e389dddf1679e600d1bbb8c09fbc8126daa9d3f2c42f1edb7d7bb5db";
    private static final String TBS_SHOWN = "3a07 4d30 e389 dddf 1679 e600 d1bb b8c0\n9fbc 8126 daa9 d3f2 c42f 1edb 7d7b b5db";
    private static final String ROOT = "ec75c44323b9175f23fa6b78c57493b13ba2733401c8f9417389d6621ea04307";
    private static final String ROOT_SHOWN = "ec75 c443 23b9 175f 23fa 6b78 c574 93b1\n3ba2 7334 01c8 f941 7389 d662 1ea0 4307";

    @Test
    void logKeysReadAsPlainWords() {
        Map<String, String> labels = new TreeMap<>(Map.of("tbsSha256", "TBS SHA-256", "crlNumber", "CRL number",
                "issuerSha256", "Issuer SHA-256", "signatureAlgorithm", "Signature algorithm", "keyId", "Key ID",
                "spkiSha256", "SPKI SHA-256", "notBefore", "Not before", "summary", "Summary",
                "sha256Method", "SHA-256 method", "storedOnToken", "Stored on token"));
        labels.put("os", "OS");
        labels.put("CKA_SENSITIVE", "CKA_SENSITIVE");
        labels.put("root-ca.pem", "root-ca.pem");
        labels.put("proof", "Proof of the key"); // as the transcript names it
        labels.put("inputSha256", "File SHA-256");
        labels.forEach((key, shown) -> assertThat(FactRows.label(key)).as(key).isEqualTo(shown));
    }

    @Test
    void theCrlToBeSignedReadsAsTheWitnessComparesIt() {
        List<String> summary = List.of("Issuer: CN=Example Root CA,O=Example Organisation,C=NL", "CRL number: 1",
                "This update: 2027-01-15T00:00:00Z", "Next update: 2028-01-10T00:00:00Z", "Revoked certificates: none",
                "Signature algorithm: SHA256withRSA", "To be signed, SHA-256: " + TBS);
        String warning = "crl-this-update-time (RFC 5280 5.1.2.4): thisUpdate 2027-01-15T00:00:00Z is more than 48 hours "
                + "from now (2026-12-04T20:13:42Z): check the date and the computer's clock";
        var facts = ActionFacts.write(new PrepareCrl.Facts(ROOT, "1", "2027-01-15T00:00:00Z", "2028-01-10T00:00:00Z",
                Optional.empty(), Optional.empty(), summary, TBS, List.of(warning)));

        assertThat(FactRows.of(facts, Set.of())).containsExactly(
                new Row("Summary", String.join("\n", summary.subList(0, 6)) + "\nTo be signed, SHA-256: "
                        + TBS_SHOWN.replace('\n', ' '), 0, false, true),
                Row.fingerprint("TBS SHA-256", TBS, 0),
                Row.fingerprint("Issuer SHA-256", ROOT, 0),
                new Row("Warnings", warning, 0, true));
    }

    @Test
    void aNestedRecordIsIndentedUnderItsNameAndItsPemIsLeftToTheTranscript() {
        var certificate = new KeyFacts.Certificate("CN=Example Root CA", "CN=Example Root CA", "6033e1e1", "2026-12-04T20:17:35Z",
                "2046-12-04T20:17:35Z", ROOT, "SHA256withRSA", List.of("basicConstraints: CA:TRUE (critical)",
                "keyUsage: keyCertSign, cRLSign (critical)"), "-----BEGIN CERTIFICATE-----\nMIIF\n-----END CERTIFICATE-----\n");
        var facts = ActionFacts.write(new LoadIssuer.Facts("/media/usb/root-ca.pem", "/out/root-ca.pem", certificate,
                "root-ca", "01", java.util.Optional.empty(), java.util.Optional.empty()));

        List<Row> rows = FactRows.of(facts, Set.of());

        assertThat(rows).containsExactly(
                new Row("Source", "/media/usb/root-ca.pem", 0, false),
                new Row("Certificate file", "/out/root-ca.pem", 0, false),
                new Row("Certificate", "", 0, false),
                new Row("Subject", "CN=Example Root CA", 1, false),
                new Row("Issuer", "CN=Example Root CA", 1, false),
                new Row("Serial", "6033e1e1", 1, false),
                new Row("Not before", "2026-12-04T20:17:35Z", 1, false),
                new Row("Not after", "2046-12-04T20:17:35Z", 1, false),
                new Row("SHA-256", ROOT_SHOWN, 1, false),
                new Row("Signature algorithm", "SHA256withRSA", 1, false),
                new Row("Extensions", "basicConstraints: CA:TRUE (critical)\nkeyUsage: keyCertSign, cRLSign (critical)", 1, false),
                new Row("Key label", "root-ca", 0, false),
                new Row("Key ID", "01", 0, false));
        assertThat(rows).noneMatch(r -> r.value().contains("BEGIN CERTIFICATE"));
    }

    @Test
    void theRequestTheOtherPartyBroughtIsComparedByItsFingerprintNotItsPem() {
        var facts = ActionFacts.write(WizardScripts.subordinate(ROOT, TBS));

        List<Row> rows = FactRows.of(facts, Set.of());

        assertThat(rows).extracting(Row::label).containsExactly("Summary", "SPKI SHA-256", "TBS SHA-256", "Issuer SHA-256",
                "File", "File SHA-256", "File kind", "Proof of the key", "Subject key", "Warnings");
        assertThat(rows).contains(new Row("Proof of the key", "the certificate request is signed by this key (checked)", 0,
                false), new Row("File", "/home/rehearsal/ws/requests/3.1.csr", 0, false));
        assertThat(rows).noneMatch(r -> r.value().contains("BEGIN"));
    }

    @Test
    void theSummaryComesFirstAcrossThePanelItsSha256ValuesNextAndWhatItSaysIsNotRepeated() {
        var facts = ActionFacts.write(WizardScripts.subordinate(ROOT, TBS));

        List<Row> rows = FactRows.of(facts, Set.of());

        assertThat(rows.get(0).label()).isEqualTo("Summary");
        assertThat(rows.get(0).across()).as("its lines carry their own labels").isTrue();
        assertThat(rows.subList(1, 3)).as("read aloud in two lines, right under the lines that state them")
                .containsExactly(Row.fingerprint("SPKI SHA-256", ROOT, 0), Row.fingerprint("TBS SHA-256", TBS, 0));
        assertThat(rows.get(1).value()).as("in fours, two lines").isEqualTo(ROOT_SHOWN);
        // "Serial: 2C3B…", "Valid from: …", "Valid to: …", "Profile: …": said once, as the summary says them.
        assertThat(rows).extracting(Row::label).doesNotContain("Serial", "Not before", "Not after", "Profile");
        assertThat(rows).extracting(Row::label).contains("Subject key"); // the summary's line says more than "EC P-384"
        assertThat(rows).filteredOn(r -> !r.label().equals("Summary")).allMatch(r -> !r.across());
    }

    @Test
    void theWholeSummaryIsShownHoweverLongItIs() {
        PrepareCertificate.Facts subordinate = WizardScripts.subordinate(ROOT, TBS);
        List<String> summary = subordinate.summary();
        assertThat(summary).hasSizeGreaterThan(FactRows.LISTED);
        var facts = ActionFacts.write(subordinate);

        Row shown = FactRows.of(facts, Set.of()).stream().filter(r -> r.label().equals("Summary")).findFirst().orElseThrow();

        assertThat(shown.value().split("\n")).hasSize(summary.size()).startsWith("Profile: cabf-tls-subordinate")
                .contains("Subject key: PKCS#10 request for CN=Example Issuing CA E1,O=Example Organisation,C=NL: EC P-384, "
                        + "SPKI SHA-256 " + ROOT_SHOWN.replace('\n', ' '))
                .endsWith("To be signed, SHA-256: " + TBS_SHOWN.replace('\n', ' '));
        assertThat(FactRows.format(summary)).as("any other list that long is counted")
                .isEqualTo("17 entries (each one is in the event log)");
    }

    @Test
    void anEmptyListSaysNoneAndAnEmptyWarningIsNoWarning() {
        assertThat(FactRows.of(Map.of("entries", List.of()), Set.of())).containsExactly(new Row("Entries", "none", 0, false));
        assertThat(FactRows.of(Map.of("warnings", List.of()), Set.of())).containsExactly(new Row("Warnings", "none", 0, false));
        assertThat(FactRows.of(Map.of("warning", "network interfaces up (rehearsal: allowed)"), Set.of()))
                .containsExactly(new Row("Warning", "network interfaces up (rehearsal: allowed)", 0, true));
    }

    @Test
    void omittedKeysAreLeftOut() {
        assertThat(FactRows.of(new TreeMap<>(Map.of("shares", List.of("a"), "threshold", 3L)), Set.of("shares")))
                .containsExactly(new Row("Threshold", "3", 0, false));
    }

    @Test
    void longListsAndMapsAreCountedNotListed() {
        Map<String, Object> jars = new TreeMap<>();
        IntStream.rangeClosed(1, 17).forEach(i -> jars.put("lib-" + i + ".jar", ROOT));
        assertThat(FactRows.of(Map.of("jars", jars), Set.of()))
                .containsExactly(new Row("Jars", "17 entries (each one is in the event log)", 0, false));
        assertThat(FactRows.format(Collections.nCopies(17, "x"))).isEqualTo("17 entries (each one is in the event log)");
    }

    @Test
    void listsReadOnePerLineAndSubsetsSideBySide() {
        assertThat(FactRows.format(List.of(List.of(1, 2, 3), List.of(1, 2, 4)))).isEqualTo("{1, 2, 3}   {1, 2, 4}");
        assertThat(FactRows.format(List.of("a", "b"))).isEqualTo("a\nb");
        assertThat(FactRows.format(List.of(new TreeMap<>(Map.of("shareNumber", 1L, "commitment", ROOT)))))
                .isEqualTo("Commitment: " + ROOT_SHOWN.replace('\n', ' ') + ", Share number: 1");
    }

    @Test
    void keyAttributesReadInWordsWithTheRawLinesKeptBehindADisclosure() {
        List<String> raw = List.of("CKA_EXTRACTABLE=false", "CKA_NEVER_EXTRACTABLE=false", "CKA_SENSITIVE=true",
                "CKA_ALWAYS_SENSITIVE=true", "CKA_WRAP_WITH_TRUSTED=(not reported by the token)", "CKA_VENDOR_X=1");

        List<Row> rows = FactRows.of(Map.of("attributes", raw), Set.of());

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.label()).isEqualTo("Attributes");
            assertThat(r.detail()).as("the raw lines, for whoever opens the disclosure").isEqualTo(raw);
            assertThat(r.value().split("\n")).containsExactly(
                    "Not extractable: it cannot be wrapped out of the HSM",
                    "Has been extractable (made so for the wrapped backup)",
                    "Sensitive: its value never leaves the HSM in the clear",
                    "Sensitive since it was made",
                    "Wraps only under a trusted key: (not reported by the token)",
                    "CKA_VENDOR_X=1");
        });
    }

    @Test
    void aSha256OfTheStepIsAFingerprintToCopyButOneInsideARecordIsNot() {
        List<Row> rows = FactRows.of(Map.of("sha256", ROOT, "certificate", Map.of("sha256", TBS)), Set.of());

        assertThat(rows).filteredOn(r -> r.depth() == 0 && r.label().equals("SHA-256")).singleElement()
                .satisfies(r -> assertThat(r.fingerprint()).isEqualTo(ROOT));
        assertThat(rows).filteredOn(r -> r.depth() == 1).singleElement()
                .satisfies(r -> assertThat(r.fingerprint()).isEmpty());
    }
}
