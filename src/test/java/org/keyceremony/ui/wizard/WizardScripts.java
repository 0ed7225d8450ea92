package org.keyceremony.ui.wizard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.script.Act;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Metadata;
import org.keyceremony.script.Policy;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;

/** Small scripts the built-in (HSM-free) actions can run, and the people who run them. */
final class WizardScripts {
    private WizardScripts() {
    }

    static Step step(String id, Role actor, Role confirmer, Action action) {
        return new Step(id, "Title " + id, "Text of step " + id + ", read aloud.", actor, confirmer, true, action, 0);
    }

    /** Participants, a bag number (typed), a step the administrator confirms, a closing step. */
    static CeremonyScript manualOnly() {
        List<Act> acts = List.of(
                new Act(1, "Preflight", List.of(
                        step("1.1", Role.ADMINISTRATOR, Role.WITNESS, new Action.RecordParticipants()),
                        step("1.2", Role.ADMINISTRATOR, Role.WITNESS, new Action.Manual("Bag serial", true)))),
                new Act(2, "Close", List.of(
                        step("2.1", Role.WITNESS, Role.ADMINISTRATOR, new Action.Manual(null, false)))));
        String text = "# wizard test script\n";
        return new CeremonyScript(new Metadata("wizard-test", "1.0", CeremonyKind.ROOT_KEY_GENERATION, "testing", ""),
                new Policy(Optional.empty(), Optional.empty(), Optional.empty(), false, 0),
                Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1, Role.CUSTODIAN, 2), acts, text, sha256(text));
    }

    /** Participants, then {@code step}. */
    static CeremonyScript then(Step step) {
        List<Act> acts = List.of(new Act(1, "Preflight", List.of(
                step("1.1", Role.ADMINISTRATOR, Role.WITNESS, new Action.RecordParticipants()), step)));
        String text = "# wizard test script\n";
        return new CeremonyScript(new Metadata("wizard-test", "1.0", CeremonyKind.ROOT_KEY_GENERATION, "testing", ""),
                new Policy(Optional.empty(), Optional.empty(), Optional.empty(), false, 0),
                Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1), acts, text, sha256(text));
    }

    /**
     * The facts prepare-certificate records for the shipped subordinate-signing script's request
     * (a PKCS#10 request for an EC P-384 key), as a rehearsal wrote them: a summary of 17 lines and
     * the linter's warning about clientAuth.
     */
    static org.keyceremony.ceremony.actions.signing.PrepareCertificate.Facts subordinate(String spki, String tbs) {
        List<String> summary = List.of("Profile: cabf-tls-subordinate",
                "Subject: CN=Example Issuing CA E1,O=Example Organisation,C=NL",
                "Issuer: CN=Example Root CA,O=Example Organisation,C=NL", "Serial: 2C3B4E42D9B20BCABD736A579915AC00",
                "Valid from: 2026-12-04T21:01:59Z", "Valid to: 2029-12-03T21:01:59Z",
                "Subject key: PKCS#10 request for CN=Example Issuing CA E1,O=Example Organisation,C=NL: EC P-384, SPKI "
                        + "SHA-256 " + spki, "Key usage: digitalSignature, keyCertSign, cRLSign (critical)",
                "Extended key usage: clientAuth (1.3.6.1.5.5.7.3.2), serverAuth (1.3.6.1.5.5.7.3.1)",
                "Basic constraints: a CA, path length 0 (critical)",
                "Subject key identifier: 61d03721d7566b21a839ced94e7ba8cf146ea25f",
                "Authority key identifier: c06274fde25653767ba61ffe481e50f7e54fc4f2",
                "Authority information access: CA issuers http://certs.example.org/root.der",
                "Certificate policies: CA/B Forum domain validated (2.23.140.1.2.1)",
                "CRL distribution points: http://crl.example.org/root.crl", "Signature algorithm: SHA256withRSA",
                "To be signed, SHA-256: " + tbs);
        return new org.keyceremony.ceremony.actions.signing.PrepareCertificate.Facts("cabf-tls-subordinate",
                "269a36157a29e251494eb3bd157a1a1d2c280a31d023b71368a67b83789edd5a",
                "/home/rehearsal/ws/requests/3.1.csr", "1b8340b160ec06c040f3728bb22b1fdf9e3628308350499767bdd9a0b6404db3",
                "csr", "-----BEGIN CERTIFICATE REQUEST-----\nMIIC\n-----END CERTIFICATE REQUEST-----\n",
                "the certificate request is signed by this key (checked)", spki, "EC P-384",
                "2c3b4e42d9b20bcabd736a579915ac00", "2026-12-04T21:01:59Z", "2029-12-03T21:01:59Z", summary, tbs,
                List.of("cert-eku-server-auth-only (Chrome Root Program Policy 3.2.1): id-kp-clientAuth beside serverAuth: "
                        + "the BRs allow it, but the Chrome Root Program wants TLS hierarchies dedicated to server "
                        + "authentication"));
    }

    /**
     * The facts prepare-certificate records for the shipped cross-signing script and the other CA's
     * certificate a rehearsal makes: the longest summary of the shipped scripts (its "Subject key"
     * line names the existing certificate, its issuer and serial).
     */
    static org.keyceremony.ceremony.actions.signing.PrepareCertificate.Facts crossCertificate(String spki, String tbs) {
        String other = "CN=Rehearsal Other CA 3.1,O=Rehearsal Other Organisation,C=NL";
        List<String> summary = List.of("Profile: cabf-cross", "Subject: " + other,
                "Issuer: CN=Example Root CA,O=Example Organisation,C=NL", "Serial: 5DC1DA0A96FF7E5F67F8D634B2C3876B",
                "Valid from: 2026-12-04T21:02:04Z", "Valid to: 2031-12-03T21:02:04Z",
                "Subject key: existing certificate of " + other + " (issued by " + other + ", serial "
                        + "9C808234B4A2627CF99DF56084160E38): EC P-384, SPKI SHA-256 " + spki,
                "Key usage: digitalSignature, keyCertSign, cRLSign (critical)",
                "Extended key usage: clientAuth (1.3.6.1.5.5.7.3.2), serverAuth (1.3.6.1.5.5.7.3.1)",
                "Basic constraints: a CA, path length 0 (critical)",
                "Subject key identifier: e80cab036ccc5c6970c8632f540908c14853f909",
                "Authority key identifier: c06274fde25653767ba61ffe481e50f7e54fc4f2",
                "Authority information access: CA issuers http://certs.example.org/root.der",
                "Certificate policies: CA/B Forum domain validated (2.23.140.1.2.1)",
                "CRL distribution points: http://crl.example.org/root.crl", "Signature algorithm: SHA256withRSA",
                "To be signed, SHA-256: " + tbs);
        return new org.keyceremony.ceremony.actions.signing.PrepareCertificate.Facts("cabf-cross",
                "269a36157a29e251494eb3bd157a1a1d2c280a31d023b71368a67b83789edd5a",
                "/home/rehearsal/ws/requests/3.1.pem", "b87437f03b16c41556c9d47a0a5f7d23cd7f7d1cb0ca811c7d4a023ab3929811",
                "certificate", "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
                "the existing CA certificate carries this key", spki, "EC P-384", "5dc1da0a96ff7e5f67f8d634b2c3876b",
                "2026-12-04T21:02:04Z", "2031-12-03T21:02:04Z", summary, tbs,
                subordinate(spki, tbs).warnings());
    }

    static CeremonySetup people() {
        return new CeremonySetup(List.of(
                new Participant("Ada Admin", Role.ADMINISTRATOR, "AA"),
                new Participant("Will Witness", Role.WITNESS, "WW"),
                new Participant("Cora One", Role.CUSTODIAN, "C1"),
                new Participant("Cal Two", Role.CUSTODIAN, "C2")), "Vault B", "Europe/Berlin");
    }

    static WizardLaunch launch(CeremonyScript script, Path out, CeremonyRunner runner) {
        return new WizardLaunch(script, true, out, Optional.of(people()), runner);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
