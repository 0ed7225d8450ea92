package org.keyceremony.ceremony.actions.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.StepFacts;

/**
 * What the signing steps read: the facts of an earlier step of this ceremony, and input files (a
 * certificate or a CRL, PEM or DER, at most 1 MiB).
 */
final class SigningInputs {
    static final long MAX_INPUT = 1 << 20;

    private SigningInputs() {
    }

    /** The facts of an earlier step, and which step it was. */
    record Earlier<R>(String step, R facts) {
    }

    /** The facts of the last ended (not failed) step of {@code kind} in this ceremony's log. */
    static <R extends Record & StepFacts> Optional<R> earlier(StepContext ctx, String kind, Class<R> type)
            throws KeyCeremonyException {
        return last(ctx, kind, type).map(Earlier::facts);
    }

    /** As {@link #earlier}, with the step's id. */
    static <R extends Record & StepFacts> Optional<Earlier<R>> last(StepContext ctx, String kind, Class<R> type)
            throws KeyCeremonyException {
        Map<String, String> actionOfStep = new HashMap<>();
        String step = null;
        Map<String, Object> last = null;
        for (Event e : ctx.log()) {
            if (e.is(EventType.STEP_BEGIN)) {
                actionOfStep.put(e.step(), String.valueOf(e.data().get("action")));
            } else if (e.is(EventType.STEP_END) && kind.equals(actionOfStep.get(e.step()))
                    && !"failed".equals(e.data().get("outcome")) && e.data().get("facts") instanceof Map<?, ?> f) {
                @SuppressWarnings("unchecked")
                Map<String, Object> facts = (Map<String, Object>) f;
                last = facts;
                step = e.step();
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Earlier<>(step, ActionFacts.read(type, last)));
        } catch (InvalidInputException e) {
            throw new KeyCeremonyException("The log's record of the " + kind + " step cannot be read (" + e.getMessage()
                    + "). Abort the ceremony and investigate.", e);
        }
    }

    /**
     * A path typed for an input file. A relative one is taken from the working directory; in a
     * rehearsal, from the rehearsal's workspace (the folder holding its transcripts folder), where
     * the rehearsal puts what the other party brings (RehearsalRequests).
     */
    static Path input(StepContext ctx, String typed) {
        Path p = Path.of(typed);
        if (p.isAbsolute() || !ctx.ceremony().rehearsal()) {
            return p;
        }
        Path transcripts = ctx.ceremony().outputDirectory().toAbsolutePath().getParent();
        Path workspace = transcripts == null ? null : transcripts.getParent();
        return workspace == null ? p : workspace.resolve(p);
    }

    /** The bytes of an input file, refused by name when missing, unreadable or too large. */
    static byte[] read(Path file, String what) throws KeyCeremonyException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("The " + what + " " + file + " is not there. Insert and mount its "
                        + "medium, or type its path again, then retry the step.");
            }
            if (Files.size(file) > MAX_INPUT) {
                throw new InvalidInputException("The " + what + " " + file + " is larger than 1 MiB: not a file this "
                        + "step reads. Check the path and retry the step.");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyCeremonyException("Reading the " + what + " " + file + " failed (" + e.getClass().getSimpleName()
                    + "). Check the medium and retry the step.", e);
        }
    }

    /** DER, or the first PEM block of {@code type} ({@code X509 CRL}, {@code CERTIFICATE}). */
    static byte[] der(byte[] bytes, String type) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        int at = text.indexOf(begin);
        int end = text.indexOf("-----END " + type + "-----");
        if (at < 0 || end < at) {
            return bytes;
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(at + begin.length(), end));
        } catch (IllegalArgumentException e) {
            return bytes;
        }
    }

    static X509CRL crl(Path file) throws KeyCeremonyException {
        byte[] der = der(read(file, "CRL"), "X509 CRL");
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new java.io.ByteArrayInputStream(der));
        } catch (CRLException | CertificateException | ClassCastException e) {
            throw new InvalidInputException("The file " + file + " is not a CRL (" + e.getClass().getSimpleName()
                    + "). Check that it is the root's previous CRL and retry the step.", e);
        }
    }

    static X509Certificate certificate(Path file) throws KeyCeremonyException {
        byte[] der = der(read(file, "certificate"), "CERTIFICATE");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new InvalidInputException("The file " + file + " is not an X.509 certificate (" + e.getClass()
                    .getSimpleName() + "). Check that it is the root certificate and retry the step.", e);
        }
    }

    /** Verifies an issued object's signature with a key (a CRL's or a certificate's {@code verify}). */
    @FunctionalInterface
    interface Verification {
        void verify(java.security.PublicKey key) throws java.security.GeneralSecurityException;
    }

    /**
     * What {@code ceremony verify} finds wrong with an object a step issued, as far as every kind
     * checks it: its DER has the SHA-256 the log records, its signature verifies with the root's key,
     * and its issuer is the root's subject ({@code root} null: no chain held, so not verified).
     */
    static void checkUnderRoot(String what, byte[] der, String recordedSha256, java.security.cert.X509Certificate root,
                               javax.security.auth.x500.X500Principal issuer, Verification verification,
                               List<String> problems) {
        String sha = org.keyceremony.base.Digests.sha256Hex(der);
        if (!sha.equals(recordedSha256)) {
            problems.add("the " + what + " recorded has SHA-256 " + sha + ", the log says " + recordedSha256);
        }
        if (root == null) {
            problems.add("not verified: no chain to a root held");
            return;
        }
        try {
            verification.verify(root.getPublicKey());
            if (!issuer.equals(root.getSubjectX500Principal())) {
                problems.add("the " + what + "'s issuer is not the root's subject");
            }
        } catch (java.security.GeneralSecurityException e) {
            problems.add("the " + what + "'s signature does not verify with the root's public key");
        }
    }
}
