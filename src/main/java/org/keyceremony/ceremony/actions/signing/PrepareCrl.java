package org.keyceremony.ceremony.actions.signing;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
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
import org.keyceremony.ceremony.pki.CrlIssuer;
import org.keyceremony.ceremony.pki.CrlLint;
import org.keyceremony.ceremony.pki.CrlRequest;
import org.keyceremony.ceremony.pki.PreparedCrl;
import org.keyceremony.ceremony.pki.Revocation;
import org.keyceremony.ceremony.pki.RevocationReason;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.script.Action;
import org.keyceremony.script.ActionKind;
import org.keyceremony.script.ActionKind.Need;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.YamlMap;
import org.keyceremony.transcript.PagesOfKind;

/**
 * {@code prepare-crl}: the root's next CRL built from the script (thisUpdate, nextUpdate, revoked
 * entries) and the root's previous CRL, run through the pre-issuance linter, and shown with its
 * TBS SHA-256. An error stops the step before anything is signed; the witness's confirmation of
 * this step is the confirmation of the contents {@code sign-crl} then signs, byte for byte.
 */
public final class PrepareCrl extends SigningModule<PrepareCrl.Prepare, PrepareCrl.Facts> {
    static final String NAME = "prepare-crl";

    /** The script's CRL: RFC 3339 UTC times, and the revoked certificates in any order. */
    public record Prepare(Instant thisUpdate, Instant nextUpdate, List<Revocation> revoked) implements Action.Extension {
        public Prepare {
            revoked = List.copyOf(revoked);
        }

        public String kind() {
            return NAME;
        }
    }

    /**
     * What the witness confirmed.
     *
     * @param issuerSha256   the root certificate the CRL is issued under
     * @param previousFile   the previous CRL read (absent: the root's first CRL)
     * @param summary        the lines read aloud
     * @param tbsSha256      SHA-256 of the TBSCertList that sign-crl signs
     * @param warnings       the linter's warnings, "rule (section): message"
     */
    public record Facts(String issuerSha256, String crlNumber, String thisUpdate, String nextUpdate,
                        Optional<String> previousFile, Optional<String> previousSha256, List<String> summary,
                        String tbsSha256, List<String> warnings) implements StepFacts {
    }

    private static final ActionKind<Prepare> KIND = ActionKind.of(NAME, Prepare.class,
                    new ActionKind.Syntax<>(List.of("this-update", "next-update", "revoked"), PrepareCrl::read), null)
            .needs(Need.done(LoadIssuer.NAME), Need.loggedIn()).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(ActionTraits.session("hsm")),
                    List.of("value: the root's previous CRL file, PEM or DER (empty: the root's first CRL)",
                            "witness: compares the CRL's contents and TBS SHA-256 with the script, then confirms"),
                    List.of()));

    public PrepareCrl() {
        super(KIND, Facts.class, CeremonyKind.CRL_SIGNING);
    }

    @Override
    void pages(Facts f, PagesOfKind.Pages pages) {
        f.summary().forEach(pages::note); // ends with the TBS SHA-256 the witness confirmed
        f.warnings().forEach(w -> pages.note("linter warning: " + w));
    }

    /** The linter's rules on the script's CRL that need no root key and no previous CRL (BR 4.9.7's twelve months, …). */
    @Override
    public List<String> beforeStart(Action.Extension action, org.keyceremony.script.CeremonyScript script)
            throws KeyCeremonyException {
        Prepare a = (Prepare) action;
        Optional<org.keyceremony.script.KeyPolicy> key = script.policy().key();
        if (key.isEmpty()) {
            return List.of(); // the kind's rules already require policy.key
        }
        return org.keyceremony.ceremony.pki.PreIssuanceCheck.crl(new org.keyceremony.ceremony.pki.PreIssuanceCheck
                .IssuerKey(key.get().algorithm(), key.get().curve()), a.thisUpdate(), a.nextUpdate(), a.revoked());
    }

    @Override
    public ActionHandler<Prepare> handler(CeremonyEnvironment env) {
        return new Handler();
    }

    /** The plain-name form has none of the required times: empty, and the reader says what is missing. */
    private static Optional<Prepare> read(YamlMap p) {
        if (p == null) {
            return Optional.empty();
        }
        Optional<Instant> thisUpdate = p.time("this-update", true);
        Optional<Instant> nextUpdate = p.time("next-update", true);
        List<Revocation> revoked = new ArrayList<>();
        boolean ok = true;
        for (YamlMap r : p.maps("revoked", false).orElse(List.of())) {
            r.allowOnly(List.of("serial", "revoked", "reason"));
            Optional<BigInteger> serial = r.text("serial", true).flatMap(t -> serial(r, t));
            Optional<Instant> when = r.time("revoked", true);
            Optional<RevocationReason> reason = r.text("reason", true).flatMap(t -> {
                Optional<RevocationReason> named = RevocationReason.named(t);
                if (named.isEmpty()) {
                    r.refuse("reason", "not a reason the CA/B Forum BRs allow for a CA certificate (BR 7.2.2): "
                            + String.join(", ", java.util.Arrays.stream(RevocationReason.values())
                            .map(RevocationReason::rfcName).toList()));
                }
                return named;
            });
            if (serial.isEmpty() || when.isEmpty() || reason.isEmpty()) {
                ok = false;
            } else {
                revoked.add(new Revocation(serial.get(), when.get(), reason.get()));
            }
        }
        if (!ok || thisUpdate.isEmpty() || nextUpdate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Prepare(thisUpdate.get(), nextUpdate.get(), revoked));
    }

    /** Hexadecimal, as openssl prints it (colons allowed), positive. */
    private static Optional<BigInteger> serial(YamlMap r, String t) {
        String hex = t.replace(":", "");
        if (hex.matches("[0-9A-Fa-f]{1,40}") && new BigInteger(hex, 16).signum() > 0) {
            return Optional.of(new BigInteger(hex, 16));
        }
        r.refuse("serial", "expected the certificate's serial number in hexadecimal (at most 20 octets, e.g. "
                + "\"7f:3a:01\"); found " + t);
        return Optional.empty();
    }

    /** The request of the script's prepare-crl step and the previous CRL, as both sign-crl and this step build it. */
    static CrlRequest request(StepContext ctx, Prepare a, X509Certificate issuer, Optional<X509CRL> previous) {
        return new CrlRequest(issuer, previous, a.thisUpdate(), a.nextUpdate(), a.revoked(),
                KeyActions.digest(ctx, issuer));
    }

    private record Handler() implements ActionHandler<Prepare> {
        public Class<Prepare> actionType() {
            return Prepare.class;
        }

        public Facts perform(Prepare action, StepContext ctx) throws KeyCeremonyException {
            X509Certificate issuer = LoadIssuer.issuer(ctx);
            String typed = ctx.valueOrEmpty("the root's previous CRL file, PEM or DER (empty: this is the root's first CRL)")
                    .strip();
            Optional<Path> previousFile = typed.isEmpty() ? Optional.empty() : Optional.of(SigningInputs.input(ctx, typed));
            Optional<X509CRL> previous = previousFile.isEmpty() ? Optional.empty()
                    : Optional.of(SigningInputs.crl(previousFile.get()));
            PreparedCrl prepared = CrlIssuer.prepare(request(ctx, action, issuer, previous));
            List<String> errors = prepared.findings().stream()
                    .filter(f -> f.severity() == CrlLint.Severity.ERROR).map(PrepareCrl::line).toList();
            if (!errors.isEmpty()) {
                throw new InvalidInputException("The pre-issuance linter refuses this CRL; nothing was signed: "
                        + String.join("; ", errors) + ". Correct the script (or bring the right previous CRL), then "
                        + "run the ceremony again.");
            }
            List<String> warnings = prepared.findings().stream()
                    .filter(f -> f.severity() == CrlLint.Severity.WARNING).map(PrepareCrl::line).toList();
            // The summary ends with the TBS SHA-256: said once, so the witness reads one value aloud.
            ctx.notice("The CRL the HSM will sign in the next step:\n  " + String.join("\n  ", prepared.summary())
                    + (warnings.isEmpty() ? "" : "\n  Linter warnings: " + String.join("; ", warnings))
                    + "\nWitness: compare these contents with the script before you confirm this step.");
            Optional<String> previousSha = previous.isEmpty() ? Optional.empty()
                    : Optional.of(Digests.sha256Hex(encoded(previous.get())));
            return new Facts(Digests.sha256Hex(KeyActions.encoded(issuer)), prepared.crlNumber().toString(),
                    action.thisUpdate().toString(), action.nextUpdate().toString(),
                    previousFile.map(Path::toString), previousSha, prepared.summary(), prepared.tbsSha256(), warnings);
        }
    }

    static String line(CrlLint.LintFinding f) {
        return f.rule() + " (" + f.section() + "): " + f.message();
    }

    static byte[] encoded(X509CRL crl) throws KeyCeremonyException {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new KeyCeremonyException("A CRL cannot be encoded.", e);
        }
    }
}
