package org.keyceremony.ceremony.actions.signing;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.pki.CertificateIssuer;
import org.keyceremony.ceremony.pki.CertificateRequest;
import org.keyceremony.ceremony.pki.CrlLint;
import org.keyceremony.ceremony.pki.IssuanceProfile;
import org.keyceremony.ceremony.pki.PreparedCertificate;
import org.keyceremony.ceremony.pki.SubjectKeyInput;
import org.keyceremony.ceremony.pki.SubordinateIssuer;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.script.Action;
import org.keyceremony.script.ActionKind;
import org.keyceremony.script.ActionKind.Need;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CertificateFields;
import org.keyceremony.script.IssuedCertificate;
import org.keyceremony.script.TokenRef;
import org.keyceremony.transcript.PagesOfKind;

/**
 * {@code prepare-certificate}: a certificate the root issues (a subordinate CA, a
 * cross-certificate, a delegated OCSP responder) built from the script's parameters and the key
 * the other party brings — a PKCS#10 request (its signature checked), a bare public key from the
 * subordinate's own key ceremony, or, for a cross-certificate, the existing CA certificate. The
 * key is checked against the script; the serial comes from the HSM; the TBS is linted and shown
 * with its SHA-256 and the key's SPKI SHA-256, which the subordinate's operator reads aloud from
 * their own record. An error stops the step before anything is signed; the witness's confirmation
 * of this step is the confirmation of what {@code sign-certificate} signs, byte for byte.
 */
public final class PrepareCertificate extends SigningModule<PrepareCertificate.Prepare, PrepareCertificate.Facts> {
    static final String NAME = "prepare-certificate";

    /** The script's certificate. */
    public record Prepare(IssuedCertificate spec) implements Action.Extension {
        public String kind() {
            return NAME;
        }
    }

    /**
     * What the witness confirmed.
     *
     * @param input          the file read, and its SHA-256
     * @param inputKind      {@code csr}, {@code public-key} or {@code certificate}
     * @param inputPem       what the file holds, as PEM: the transcript carries it, and verify checks it again
     * @param proof          how the key is tied to the other party: the request's own signature, or only the fingerprint
     * @param serial         hex, from the HSM's random generator
     * @param notBefore      RFC 3339
     * @param summary        the lines read aloud, the last one the TBS SHA-256
     */
    public record Facts(String profile, String issuerSha256, String input, String inputSha256, String inputKind,
                        String inputPem, String proof, String spkiSha256, String subjectKey, String serial,
                        String notBefore, String notAfter, List<String> summary, String tbsSha256,
                        List<String> warnings) implements StepFacts {
    }

    private static final ActionKind<Prepare> KIND = ActionKind.of(NAME, Prepare.class,
                    new ActionKind.Syntax<>(List.of("profile", "subject", "key", "validity-days", "not-before",
                            "not-after", "key-usage", "extended-key-usage", "path-length", "certificate-policies",
                            "name-constraints", "crl-distribution-points", "authority-information-access"),
                            p -> p == null ? Optional.empty() : CertificateFields.issued(p).map(Prepare::new)), null)
            .needs(new Need(List.of(LoadIssuer.NAME, "self-sign-certificate"), false, List.of(), false), Need.loggedIn())
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(ActionTraits.session("hsm")),
                    List.of("value: the other party's file, PEM or DER: a certificate request, a public key, or (a "
                                    + "cross-certificate) the existing CA certificate",
                            "the other party's operator (the subordinate's, or the other CA's): reads the key's SPKI SHA-256 aloud "
                                    + "from their own record",
                            "witness: compares the certificate's contents and TBS SHA-256 with the script, then confirms"),
                    List.of()));

    public PrepareCertificate() {
        super(KIND, Facts.class, CeremonyKind.ROOT_KEY_GENERATION, CeremonyKind.SUBORDINATE_SIGNING, CeremonyKind.CROSS_SIGNING);
    }

    @Override
    void pages(Facts f, PagesOfKind.Pages pages) {
        pages.note("input: " + f.input() + " (" + f.inputKind() + ", SHA-256 " + f.inputSha256() + ")");
        pages.note("proof of the key: " + f.proof());
        f.summary().forEach(pages::note); // ends with the TBS SHA-256 the witness confirmed
        f.warnings().forEach(w -> pages.note("linter warning: " + w));
        pages.inventory("Request", f.inputSha256(), f.inputKind() + ", " + f.input());
        String what = "csr".equals(f.inputKind()) ? "Certificate request (PKCS#10)" : "public-key".equals(f.inputKind())
                ? "Public key" : "Existing CA certificate";
        pages.issued(what + " brought by the other party", List.of("Key", "SPKI SHA-256",
                "File", "File SHA-256", "Proof of the key"), List.of(f.subjectKey(), f.spkiSha256(), f.input(),
                f.inputSha256(), f.proof()), f.inputPem());
    }

    /** The input in the facts still reads (a request's signature verifies) and holds the key they name. */
    @Override
    List<String> issued(Facts f, X509Certificate root) {
        try {
            SubjectKeyInput key = SubjectKeyInput.read(f.inputPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return key.spkiSha256().equals(f.spkiSha256()) ? List.of()
                    : List.of("the input recorded holds the key with SPKI SHA-256 " + key.spkiSha256() + ", the log says "
                    + f.spkiSha256());
        } catch (InvalidInputException e) {
            return List.of("the input recorded is refused: " + e.getMessage());
        }
    }

    /** {@code key} as PEM, as the transcript carries it. */
    static String pem(SubjectKeyInput key) throws KeyCeremonyException {
        if (key instanceof SubjectKeyInput.Csr c) {
            return org.keyceremony.ceremony.actions.session.Outputs.pem("CERTIFICATE REQUEST", c.der());
        }
        if (key instanceof SubjectKeyInput.ExistingCertificate c) {
            return new String(KeyActions.pemOf(c.cert()), java.nio.charset.StandardCharsets.US_ASCII);
        }
        return org.keyceremony.ceremony.actions.session.Outputs.pem("PUBLIC KEY", key.spkiDer());
    }

    @Override
    public ActionHandler<Prepare> handler(CeremonyEnvironment env) {
        return new Handler();
    }

    /** The subject key in {@code bytes} (read from {@code file}), checked against the script. */
    static SubjectKeyInput subjectKey(IssuedCertificate spec, Path file, byte[] bytes) throws KeyCeremonyException {
        SubjectKeyInput key = SubjectKeyInput.read(bytes);
        boolean cross = IssuanceProfile.CROSS.equals(spec.profile());
        if (cross != (key instanceof SubjectKeyInput.ExistingCertificate)) {
            throw new InvalidInputException("The file " + file + " holds " + key.describe() + ", but a " + spec.profile()
                    + " certificate is issued " + (cross ? "from the existing CA certificate" : "from a certificate "
                    + "request or a public key") + ". Check the file and retry the step.");
        }
        String expected = spec.key().describe();
        String found = key.keyAlgorithm() + " " + key.keySize();
        if (!expected.equals(found)) {
            throw new InvalidInputException("The key in " + file + " is " + found + ", but the script expects " + expected
                    + ". Nothing was signed. Check that this is the right request, or correct the script.");
        }
        return key;
    }

    /** The request for the script's certificate with the serial and validity this step fixed. */
    static CertificateRequest request(StepContext ctx, IssuedCertificate spec, X509Certificate issuer,
                                      SubjectKeyInput key, BigInteger serial, Instant notBefore, Instant notAfter) {
        return new CertificateRequest(profile(spec), issuer, spec.subjectDn().orElse(""), key, serial, notBefore,
                notAfter, KeyActions.digest(ctx, issuer));
    }

    static IssuanceProfile profile(IssuedCertificate spec) {
        return new IssuanceProfile(spec.profile(), spec.keyUsage(), spec.extendedKeyUsage(), spec.pathLength(),
                spec.certificatePolicies().stream().map(p -> new IssuanceProfile.PolicyInformation(p.oid(), p.cps()))
                        .toList(),
                spec.nameConstraints().map(n -> new IssuanceProfile.NameConstraintsSpec(n.permitted(), n.excluded())),
                spec.crlDistributionPoints(), spec.caIssuers(), spec.ocsp());
    }

    /**
     * The linter's rules on the script's certificate that need neither the root key nor the other
     * party's file, issued now under a stand-in root of policy.key's type.
     */
    @Override
    public List<String> beforeStart(Action.Extension action, org.keyceremony.script.CeremonyScript script)
            throws KeyCeremonyException {
        IssuedCertificate spec = ((Prepare) action).spec();
        Optional<org.keyceremony.script.KeyPolicy> key = script.policy().key();
        if (key.isEmpty()) {
            return List.of(); // the kind's rules already require policy.key
        }
        // A fixed not-before is checked as if signed that day (a script is checked days before it is run);
        // whether today is that day is checked in the step, before the HSM signs.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant signing = spec.validity() instanceof org.keyceremony.script.CertificateValidity.Fixed f
                ? f.notBefore().plus(java.time.Duration.ofHours(1)) : now;
        return org.keyceremony.ceremony.pki.PreIssuanceCheck.certificate(new org.keyceremony.ceremony.pki
                        .PreIssuanceCheck.IssuerKey(key.get().algorithm(), key.get().curve()), profile(spec),
                spec.subjectDn().orElse(""), spec.key().algorithm(), spec.key().rsaBits(), spec.key().curve(),
                spec.validity().notBefore(signing), spec.validity().notAfter(signing), signing);
    }

    /** Who brings the key and reads its fingerprint aloud: the subordinate's operator, or the other CA's. */
    static String operator(IssuedCertificate spec) {
        return IssuanceProfile.CROSS.equals(spec.profile()) ? "Other CA's operator" : "Subordinate's operator";
    }

    static String line(CrlLint.LintFinding f) {
        return f.rule() + " (" + f.section() + "): " + f.message();
    }

    private record Handler() implements ActionHandler<Prepare> {
        public Class<Prepare> actionType() {
            return Prepare.class;
        }

        public Facts perform(Prepare action, StepContext ctx) throws KeyCeremonyException {
            IssuedCertificate spec = action.spec();
            X509Certificate issuer = LoadIssuer.issuer(ctx);
            String typed = ctx.value("the other party's file, PEM or DER (certificate request, public key, or the "
                    + "existing CA certificate for a cross-certificate)").strip();
            if (typed.isEmpty()) {
                throw new InvalidInputException("No file was named. Type the path of the file the "
                        + Character.toLowerCase(operator(spec).charAt(0)) + operator(spec).substring(1) + " brought, and retry the step.");
            }
            Path file = SigningInputs.input(ctx, typed);
            byte[] bytes = SigningInputs.read(file, "request"); // read once: the key and the SHA-256 are of the same bytes
            SubjectKeyInput key = subjectKey(spec, file, bytes);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            BigInteger serial = CertificateIssuer.serialFrom(HsmActions.connection(ctx, TokenRef.HSM).token()
                    .generateRandom(16));
            PreparedCertificate prepared = SubordinateIssuer.prepare(request(ctx, spec, issuer, key, serial,
                    spec.validity().notBefore(now), spec.validity().notAfter(now)));
            List<String> errors = prepared.findings().stream()
                    .filter(f -> f.severity() == CrlLint.Severity.ERROR).map(PrepareCertificate::line).toList();
            if (!errors.isEmpty()) {
                throw new InvalidInputException("The pre-issuance linter refuses this certificate; nothing was signed: "
                        + String.join("; ", errors) + ". Correct the script (or bring the right request), then run "
                        + "the ceremony again.");
            }
            List<String> warnings = new ArrayList<>(prepared.findings().stream()
                    .filter(f -> f.severity() == CrlLint.Severity.WARNING).map(PrepareCertificate::line).toList());
            if (key instanceof SubjectKeyInput.Csr csr && spec.subjectDn().isPresent()
                    && !csr.subject().equals(new javax.security.auth.x500.X500Principal(spec.subjectDn().get()))) {
                warnings.add("the request asks for subject " + csr.subject().getName() + "; the certificate gets the "
                        + "script's " + spec.subjectDn().get());
            }
            String proof = key instanceof SubjectKeyInput.Csr ? "the certificate request is signed by this key (checked)"
                    : key instanceof SubjectKeyInput.PublicKeyOnly ? "a bare public key: the SPKI SHA-256 read aloud by "
                    + "the subordinate's operator from their own key ceremony is the only proof"
                    : "the existing CA certificate carries this key";
            ctx.notice("The certificate the HSM will sign in the next step:\n  " + String.join("\n  ",
                    prepared.summary()) + "\n  The key: " + key.describe() + "\n  " + operator(spec) + ": read the key's "
                    + "SPKI SHA-256 aloud from your own record: " + key.spkiSha256() + (warnings.isEmpty() ? ""
                    : "\n  Warnings: " + String.join("; ", warnings))
                    + "\nWitness: compare these contents with the script before you confirm this step.");
            Instant notBefore = spec.validity().notBefore(now);
            Instant notAfter = spec.validity().notAfter(now);
            return new Facts(spec.profile(), Digests.sha256Hex(KeyActions.encoded(issuer)), file.toString(),
                    Digests.sha256Hex(bytes), kind(key), pem(key), proof, key.spkiSha256(),
                    key.keyAlgorithm() + " " + key.keySize(), serial.toString(16), notBefore.toString(),
                    notAfter.toString(), prepared.summary(), prepared.tbsSha256(), warnings);
        }

        private static String kind(SubjectKeyInput key) {
            return key instanceof SubjectKeyInput.Csr ? "csr" : key instanceof SubjectKeyInput.PublicKeyOnly
                    ? "public-key" : "certificate";
        }
    }
}
