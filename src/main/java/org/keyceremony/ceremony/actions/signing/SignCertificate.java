package org.keyceremony.ceremony.actions.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
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
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.ceremony.pki.PreparedCertificate;
import org.keyceremony.ceremony.pki.SubjectKeyInput;
import org.keyceremony.ceremony.pki.SubordinateIssuer;
import org.keyceremony.hsm.HsmSigningProvider;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.script.Action;
import org.keyceremony.script.ActionKind;
import org.keyceremony.script.ActionKind.Need;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.TokenRef;
import org.keyceremony.transcript.PagesOfKind;
import org.keyceremony.transcript.TranscriptContent.CertificateDetails;

/**
 * {@code sign-certificate}: the HSM signs exactly the certificate the witness confirmed in the
 * {@code prepare-certificate} step before it (built again from the same script, file, serial and
 * validity; a different TBS SHA-256 refuses before signing); the signature is verified with the
 * root's public key, the certificate linted again, then written (PEM, CREATE_NEW, read back) to
 * the output directory.
 */
public final class SignCertificate extends SigningModule<SignCertificate.Sign, SignCertificate.Facts> {
    static final String NAME = "sign-certificate";

    /** The action: no parameters (what to sign is the confirmed prepare-certificate before it). */
    public record Sign() implements Action.Extension {
        public String kind() {
            return NAME;
        }
    }

    /** The certificate issued; its PEM is printed in an appendix. */
    public record Facts(String profile, String file, String prepareStep, String tbsSha256, String inputSha256,
                        String spkiSha256, KeyFacts.Certificate certificate)
            implements StepFacts, org.keyceremony.journal.facts.CertificateIssued {
    }

    private static final ActionKind<Sign> KIND = ActionKind.of(NAME, Sign.class,
                    new ActionKind.Syntax<Sign>(List.of(), p -> Optional.of(new Sign())), null)
            .needs(Need.done(PrepareCertificate.NAME), Need.loggedIn())
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(ActionTraits.session("hsm")), List.of(),
                    List.of("file: the certificate (PEM), signed in the HSM")));

    public SignCertificate() {
        super(KIND, Facts.class, CeremonyKind.ROOT_KEY_GENERATION, CeremonyKind.SUBORDINATE_SIGNING, CeremonyKind.CROSS_SIGNING);
    }

    @Override
    void pages(Facts f, PagesOfKind.Pages pages) {
        KeyFacts.Certificate c = f.certificate();
        pages.certificate(new CertificateDetails("Issued certificate (" + f.profile() + ")", c.subject(), c.issuer(),
                c.serial(), c.notBefore(), c.notAfter(), c.sha256(), c.extensions(), c.pem()));
        pages.note("issued: " + c.subject() + ", SHA-256 " + c.sha256() + ", written to " + f.file());
    }

    /** The certificate in the facts is the one they describe and verifies under {@code root}. */
    @Override
    List<String> issued(Facts f, X509Certificate root) {
        KeyFacts.Certificate c = f.certificate();
        byte[] der = SigningInputs.der(c.pem().getBytes(StandardCharsets.US_ASCII), "CERTIFICATE");
        List<String> problems = new java.util.ArrayList<>();
        X509Certificate cert;
        try {
            cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException | ClassCastException e) {
            return List.of("the certificate recorded is not a certificate (" + e.getClass().getSimpleName() + ")");
        }
        SigningInputs.checkUnderRoot("certificate", der, c.sha256(), root, cert.getIssuerX500Principal(), cert::verify,
                problems);
        if (!cert.getSerialNumber().toString(16).equals(c.serial().replace(":", "").toLowerCase(java.util.Locale.ROOT)
                .replaceFirst("^0+(?=.)", ""))) {
            problems.add("the certificate recorded has another serial than the log says");
        }
        String spki;
        try {
            spki = Digests.sha256Hex(org.bouncycastle.asn1.x509.Certificate.getInstance(der).getSubjectPublicKeyInfo()
                    .getEncoded());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return List.of("the certificate recorded has no readable public key");
        }
        if (!spki.equals(f.spkiSha256())) {
            problems.add("the certificate recorded certifies the key with SPKI SHA-256 " + spki + ", not the one the "
                    + "confirmed request brought (" + f.spkiSha256() + ")");
        }
        return problems;
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
            SigningInputs.Earlier<PrepareCertificate.Facts> confirmed = SigningInputs.last(ctx, PrepareCertificate.NAME,
                    PrepareCertificate.Facts.class).orElseThrow(() -> new KeyCeremonyException("No prepare-certificate "
                    + "step of this ceremony has ended: there is no confirmed certificate to sign. Check the script."));
            PrepareCertificate.Prepare script = ctx.ceremony().script().steps().stream()
                    .filter(s -> s.id().equals(confirmed.step())).map(s -> s.action())
                    .filter(PrepareCertificate.Prepare.class::isInstance).map(PrepareCertificate.Prepare.class::cast)
                    .findFirst().orElseThrow(() -> new KeyCeremonyException("Step " + confirmed.step() + " of the log is "
                            + "not a prepare-certificate step of the script. Abort and investigate."));
            PrepareCertificate.Facts f = confirmed.facts();
            X509Certificate issuer = LoadIssuer.issuer(ctx);
            Path file = Path.of(f.input());
            byte[] bytes = SigningInputs.read(file, "request"); // read once: checked, then used
            if (!Digests.sha256Hex(bytes).equals(f.inputSha256())) {
                throw new KeyCeremonyException("The file " + file + " changed since it was read for the confirmed "
                        + "certificate. Nothing was signed. Abort the ceremony and investigate.");
            }
            SubjectKeyInput key = PrepareCertificate.subjectKey(script.spec(), file, bytes);
            PreparedCertificate again = SubordinateIssuer.prepare(PrepareCertificate.request(ctx, script.spec(), issuer,
                    key, new BigInteger(f.serial(), 16), Instant.parse(f.notBefore()), Instant.parse(f.notAfter())));
            if (!again.tbsSha256().equals(f.tbsSha256())) {
                throw new KeyCeremonyException("The certificate built now (TBS SHA-256 " + again.tbsSha256() + ") is not "
                        + "the one the witness confirmed in step " + confirmed.step() + " (" + f.tbsSha256() + "). "
                        + "Nothing was signed. Abort the ceremony and investigate.");
            }
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            X509Certificate cert = SubordinateIssuer.sign(again, new HsmSigner(HsmActions.connection(ctx, TokenRef.HSM)
                    .token().privateKey(HexFormat.of().parseHex(k.idHex())), HsmSigningProvider.INSTANCE));
            Path out = ctx.ceremony().outputDirectory().resolve("issued-" + f.serial() + ".pem");
            Outputs.writeNew(ctx, out, KeyActions.pemOf(cert), "issued certificate (PEM)");
            return new Facts(f.profile(), out.toString(), confirmed.step(), f.tbsSha256(), f.inputSha256(),
                    f.spkiSha256(), KeyActions.certificateFacts(cert));
        }
    }
}
