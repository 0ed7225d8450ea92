package org.keyceremony.ceremony.actions.signing;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.Outputs;
import org.keyceremony.ceremony.pki.CrlIssuer;
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.ceremony.pki.PreparedCrl;
import org.keyceremony.hsm.HsmSigningProvider;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.script.Action;
import org.keyceremony.script.ActionKind;
import org.keyceremony.script.ActionKind.Need;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.Step;
import org.keyceremony.script.TokenRef;
import org.keyceremony.transcript.PagesOfKind;

/**
 * {@code sign-crl}: the HSM signs exactly the CRL contents the witness confirmed in
 * {@code prepare-crl} (built again from the same inputs; a different TBS SHA-256 refuses before
 * signing); the signature is verified with the root's public key, the CRL linted again, then
 * written (DER, CREATE_NEW, read back) to the output directory.
 */
public final class SignCrl extends SigningModule<SignCrl.Sign, SignCrl.Facts> {
    static final String NAME = "sign-crl";

    /** The action: no parameters (what to sign is the confirmed prepare-crl). */
    public record Sign() implements Action.Extension {
        public String kind() {
            return NAME;
        }
    }

    /** The CRL issued; {@code pem} is printed in the transcript's appendix. */
    public record Facts(String file, String sha256, String issuer, String crlNumber, String thisUpdate,
                        String nextUpdate, List<String> entries, String signatureAlgorithm, String tbsSha256,
                        String pem) implements StepFacts, org.keyceremony.journal.facts.CrlIssued {
    }

    private static final ActionKind<Sign> KIND = ActionKind.of(NAME, Sign.class,
                    new ActionKind.Syntax<Sign>(List.of(), p -> Optional.of(new Sign())), null)
            .needs(Need.done(PrepareCrl.NAME), Need.loggedIn()).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(ActionTraits.session("hsm")), List.of(),
                    List.of("file: the root's CRL (DER), signed in the HSM")));

    public SignCrl() {
        super(KIND, Facts.class, CeremonyKind.CRL_SIGNING);
    }

    @Override
    void pages(Facts f, PagesOfKind.Pages pages) {
        pages.issued("Root CRL number " + f.crlNumber(),
                List.of("Issuer", "CRL number", "This update", "Next update", "Revoked certificates",
                        "Signature algorithm", "TBS SHA-256", "SHA-256", "File"),
                List.of(f.issuer(), f.crlNumber(), f.thisUpdate(), f.nextUpdate(),
                        f.entries().isEmpty() ? "none" : String.join("\n", f.entries()), f.signatureAlgorithm(),
                        f.tbsSha256(), f.sha256(), f.file()), f.pem());
        pages.inventory("CRL", f.sha256(), "number " + f.crlNumber() + ", " + f.file());
    }

    /** The CRL in the facts is the one they describe (SHA-256, number, times) and verifies under {@code root}. */
    @Override
    List<String> issued(Facts f, X509Certificate root) {
        byte[] der = SigningInputs.der(f.pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII), "X509 CRL");
        List<String> problems = new java.util.ArrayList<>();
        X509CRL crl;
        try {
            crl = (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRL(new java.io.ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException | java.security.cert.CRLException | ClassCastException e) {
            return List.of("the CRL recorded is not a CRL (" + e.getClass().getSimpleName() + ")");
        }
        SigningInputs.checkUnderRoot("CRL", der, f.sha256(), root, crl.getIssuerX500Principal(), crl::verify, problems);
        java.math.BigInteger number = numberOf(crl);
        if (number == null || !number.toString().equals(f.crlNumber())) {
            problems.add("the CRL recorded has number " + number + ", the log says " + f.crlNumber());
        }
        if (!crl.getThisUpdate().toInstant().toString().equals(f.thisUpdate())
                || crl.getNextUpdate() == null || !crl.getNextUpdate().toInstant().toString().equals(f.nextUpdate())) {
            problems.add("the CRL recorded has other dates than the log says");
        }
        return problems;
    }

    private static java.math.BigInteger numberOf(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(org.bouncycastle.asn1.x509.Extension.cRLNumber.getId());
        try {
            return ext == null ? null : org.bouncycastle.asn1.ASN1Integer.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getPositiveValue();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public ActionHandler<Sign> handler(CeremonyEnvironment env) {
        return new Handler();
    }

    private record Handler() implements ActionHandler<Sign> {
        public Class<Sign> actionType() {
            return Sign.class;
        }

        public Facts perform(Sign action, StepContext ctx) throws KeyCeremonyException {
            PrepareCrl.Facts confirmed = SigningInputs.earlier(ctx, PrepareCrl.NAME, PrepareCrl.Facts.class)
                    .orElseThrow(() -> new KeyCeremonyException("No prepare-crl step of this ceremony has ended: "
                            + "there are no confirmed CRL contents to sign. Check the script."));
            PrepareCrl.Prepare script = ctx.ceremony().script().steps().stream().map(Step::action)
                    .filter(PrepareCrl.Prepare.class::isInstance).map(PrepareCrl.Prepare.class::cast).findFirst()
                    .orElseThrow(() -> new KeyCeremonyException("The script has no prepare-crl step."));
            X509Certificate issuer = LoadIssuer.issuer(ctx);
            Optional<X509CRL> previous = Optional.empty();
            if (confirmed.previousFile().isPresent()) {
                X509CRL crl = SigningInputs.crl(Path.of(confirmed.previousFile().get()));
                if (!Digests.sha256Hex(PrepareCrl.encoded(crl)).equals(confirmed.previousSha256().orElse(""))) {
                    throw new KeyCeremonyException("The previous CRL " + confirmed.previousFile().get() + " changed "
                            + "since it was read for the confirmed contents. Nothing was signed. Abort and investigate.");
                }
                previous = Optional.of(crl);
            }
            PreparedCrl again = CrlIssuer.prepare(PrepareCrl.request(ctx, script, issuer, previous));
            if (!again.tbsSha256().equals(confirmed.tbsSha256())) {
                throw new KeyCeremonyException("The CRL contents built now (TBS SHA-256 " + again.tbsSha256()
                        + ") are not those the witness confirmed (" + confirmed.tbsSha256() + "). Nothing was signed. "
                        + "Abort the ceremony and investigate.");
            }
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            byte[] id = HexFormat.of().parseHex(k.idHex());
            X509CRL crl = CrlIssuer.sign(again, new HsmSigner(HsmActions.connection(ctx, TokenRef.HSM).token()
                    .privateKey(id), HsmSigningProvider.INSTANCE));
            byte[] der = PrepareCrl.encoded(crl);
            Path file = ctx.ceremony().outputDirectory().resolve(k.label() + "-crl-" + again.crlNumber() + ".crl");
            String sha = Outputs.writeNew(ctx, file, der, "CRL");
            List<String> entries = crl.getRevokedCertificates() == null ? List.of()
                    : crl.getRevokedCertificates().stream().map(e -> e.getSerialNumber().toString(16) + ", "
                    + e.getRevocationDate().toInstant() + ", " + e.getRevocationReason()).sorted().toList();
            return new Facts(file.toString(), sha, issuer.getSubjectX500Principal().getName(), again.crlNumber().toString(),
                    crl.getThisUpdate().toInstant().toString(), crl.getNextUpdate().toInstant().toString(), entries,
                    crl.getSigAlgName(), again.tbsSha256(), Outputs.pem("X509 CRL", der));
        }
    }
}
