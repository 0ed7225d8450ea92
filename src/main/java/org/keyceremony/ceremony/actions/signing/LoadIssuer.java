package org.keyceremony.ceremony.actions.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.Outputs;
import org.keyceremony.ceremony.actions.session.PreviousTranscripts;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.RootRecorded;
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
 * {@code load-issuer}: the root certificate a signing ceremony works under, read from a medium,
 * proven to belong to the key in the HSM (policy.key's ID), and copied into the output directory
 * where the transcript-signing certificate's step finds it. Its SHA-256 is shown for the witness to
 * compare with the root's key-generation transcript, and it binds this ceremony's transcript to
 * that root ({@link RootRecorded}).
 */
public final class LoadIssuer extends SigningModule<LoadIssuer.Load, LoadIssuer.Facts> {
    static final String NAME = "load-issuer";

    /** The action: no parameters (the key is policy.key's, on the {@code hsm} token). */
    public record Load() implements Action.Extension {
        public String kind() {
            return NAME;
        }
    }

    /**
     * What the step established.
     *
     * @param source          the file read
     * @param certificateFile its copy in the output directory
     * @param certificate     the root certificate
     */
    public record Facts(String source, String certificateFile, KeyFacts.Certificate certificate, String keyLabel,
                        String keyId, Optional<String> previousTranscript, Optional<String> previousTranscriptSha256)
            implements StepFacts, RootRecorded, org.keyceremony.journal.facts.BuildsOn {
        @Override
        public String rootCertificateSha256() {
            return certificate.sha256();
        }
    }

    private static final ActionKind<Load> KIND = ActionKind.of(NAME, Load.class,
                    new ActionKind.Syntax<Load>(List.of(), p -> Optional.of(new Load())), null)
            .needs(Need.loggedIn(), Need.done("record-participants")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(ActionTraits.session("hsm")),
                    List.of("value: the root certificate file, PEM or DER (empty: the newest copy in an earlier "
                            + "ceremony's output folder beside this one)"),
                    List.of("file: the root certificate, copied into the output directory")));

    public LoadIssuer() {
        super(KIND, Facts.class, CeremonyKind.CRL_SIGNING, CeremonyKind.SUBORDINATE_SIGNING, CeremonyKind.CROSS_SIGNING);
    }

    @Override
    void pages(Facts f, PagesOfKind.Pages pages) {
        KeyFacts.Certificate c = f.certificate();
        pages.note("issuer: " + c.subject() + ", read from " + f.source());
        pages.certificate(new CertificateDetails("Root certificate (the issuer, loaded)", c.subject(), c.issuer(),
                c.serial(), c.notBefore(), c.notAfter(), c.sha256(), c.extensions(), c.pem()));
    }

    @Override
    public ActionHandler<Load> handler(CeremonyEnvironment env) {
        return new Handler();
    }

    /**
     * The issuer: the root loaded by this ceremony's load-issuer step, or (a root ceremony has none)
     * the root certificate it self-signed; checked again against the key in the HSM each time.
     */
    static X509Certificate issuer(StepContext ctx) throws KeyCeremonyException {
        KeyPolicy k = KeyActions.keyPolicy(ctx);
        Optional<Facts> loaded = SigningInputs.earlier(ctx, NAME, Facts.class);
        if (loaded.isEmpty()) {
            // A root key-generation ceremony issues under the root it has just made and self-signed.
            return KeyActions.rootCertificate(ctx, k, HsmActions.connection(ctx, TokenRef.HSM).token());
        }
        X509Certificate cert = KeyActions.readCertificate(Path.of(loaded.get().certificateFile()), null);
        if (!org.keyceremony.base.Digests.sha256Hex(KeyActions.encoded(cert)).equals(loaded.get().rootCertificateSha256())) {
            throw new KeyCeremonyException("The issuer certificate " + loaded.get().certificateFile() + " changed since "
                    + "the load-issuer step read it. Abort the ceremony and investigate.");
        }
        KeyActions.checkHeldBy(cert, k, HsmActions.connection(ctx, TokenRef.HSM).token());
        return cert;
    }

    private record Handler() implements ActionHandler<Load> {
        public Class<Load> actionType() {
            return Load.class;
        }

        public Facts perform(Load action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            String typed = ctx.valueOrEmpty("root certificate file, PEM or DER (empty: the newest " + k.label() + ".pem in "
                    + "an earlier ceremony's output folder beside this one)").strip();
            Path source = typed.isEmpty() ? newest(ctx, k) : SigningInputs.input(ctx, typed);
            X509Certificate cert = SigningInputs.certificate(source);
            KeyActions.checkHeldBy(cert, k, HsmActions.connection(ctx, TokenRef.HSM).token());
            byte[] pem = KeyActions.pemOf(cert);
            Path copy = KeyActions.rootCertificateFile(ctx, k);
            if (!sameFile(copy, pem)) {
                Outputs.writeNew(ctx, copy, pem, "root certificate (PEM)");
            }
            // The transcript of the ceremony whose output the root certificate was read from, when it is there: the
            // ledger's evidence that this ceremony builds on that one (journal.facts.BuildsOn).
            Optional<PreviousTranscripts.Found> previous = PreviousTranscripts.besideInput(source,
                    ctx.ceremony().outputDirectory());
            return new Facts(source.toString(), copy.toString(), KeyActions.certificateFacts(cert), k.label(), k.idHex(),
                    previous.map(f -> f.file().toString()), previous.map(PreviousTranscripts.Found::sha256));
        }

        /** On resume the copy this step wrote before the interruption is kept when it is the same certificate. */
        private static boolean sameFile(Path copy, byte[] pem) throws KeyCeremonyException {
            try {
                return Files.isRegularFile(copy) && Arrays.equals(Files.readAllBytes(copy), pem);
            } catch (IOException e) {
                throw new KeyCeremonyException("Reading " + copy + " failed (" + e.getClass().getSimpleName()
                        + "). Check the output directory and retry the step.", e);
            }
        }

        private static Path newest(StepContext ctx, KeyPolicy k) throws KeyCeremonyException {
            Path here = ctx.ceremony().outputDirectory().toAbsolutePath();
            Path parent = here.getParent();
            if (parent == null) {
                throw new InvalidInputException("No earlier ceremony's output folder is beside " + here
                        + ". Type the path of the root certificate file and retry the step.");
            }
            try (Stream<Path> folders = Files.list(parent)) {
                return folders.filter(f -> !f.equals(here)).map(f -> f.resolve(k.label() + ".pem"))
                        .filter(Files::isRegularFile)
                        .max(Comparator.comparing(f -> f.toFile().lastModified()))
                        .orElseThrow(() -> new InvalidInputException("No " + k.label() + ".pem is in the output folders "
                                + "beside " + here + ". Type the path of the root certificate file and retry the step."));
            } catch (IOException e) {
                throw new KeyCeremonyException("Listing " + parent + " failed (" + e.getClass().getSimpleName()
                        + "). Type the path of the root certificate file and retry the step.", e);
            }
        }
    }
}
