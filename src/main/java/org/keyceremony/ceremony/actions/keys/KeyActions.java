package org.keyceremony.ceremony.actions.keys;

import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.HsmRollbacks;
import org.keyceremony.ceremony.actions.session.Outputs;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.pki.CertificateIssuer;
import org.keyceremony.ceremony.pki.CertificateProfileRules;
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.hsm.EcCurve;
import org.keyceremony.hsm.GeneratedKeyPair;
import org.keyceremony.hsm.HsmSigningProvider;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyPairSpec;
import org.keyceremony.hsm.KeyProtection;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.script.Action;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.TranscriptSignerIssuer;
import org.keyceremony.transcript.SigningChain;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/** generate-root-key, self-sign-certificate, issue-transcript-certificate. */
public final class KeyActions {
    /** CKA_ID suffix of the transcript-signing key: the root's ID followed by "ts". */
    static final String TRANSCRIPT_ID_SUFFIX = "7473";
    /** CKA_ID suffix of a ceremony CA key: the root's ID followed by "ca". */
    static final String CEREMONY_CA_ID_SUFFIX = "6361";

    private KeyActions() {
    }

    public static KeyPolicy keyPolicy(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().script().policy().key().orElseThrow(() ->
                new KeyCeremonyException("The script has no key policy (policy.key); this step cannot run."));
    }

    static CertificateProfile profile(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().script().policy().certificate().orElseThrow(() ->
                new KeyCeremonyException("The script has no certificate profile (policy.certificate)."));
    }

    public static KeyPairSpec spec(KeyPolicy k) {
        return k.algorithm() == KeyAlgorithm.RSA ? new KeyPairSpec.Rsa(k.rsaBits())
                : new KeyPairSpec.Ec(EcCurve.valueOf(k.curve().replace("-", "")));
    }

    public static Path rootCertificateFile(StepContext ctx, KeyPolicy k) {
        return ctx.ceremony().outputDirectory().resolve(k.label() + ".pem");
    }

    public static Path transcriptCertificateFile(StepContext ctx, KeyPolicy k) {
        return ctx.ceremony().outputDirectory().resolve(k.label() + "-transcript-signer.pem");
    }

    /** The ceremony CA's certificate file ({@code policy.transcript-signer: issued-by-ceremony-ca}). */
    public static Path ceremonyCaCertificateFile(StepContext ctx, KeyPolicy k) {
        return ctx.ceremony().outputDirectory().resolve(k.label() + "-ceremony-ca.pem");
    }

    /** The ceremony CA key's label: one per ceremony, named after it, as the transcript signer's. */
    static String ceremonyCaLabel(StepContext ctx, KeyPolicy k) {
        return k.label() + " ceremony CA " + ceremonyTag(ctx);
    }

    /** CKA_ID of the ceremony CA key: the root's ID, "ca", and the first 4 bytes of the ceremony id. */
    static byte[] ceremonyCaId(StepContext ctx, KeyPolicy k) {
        return HexFormat.of().parseHex(k.idHex() + CEREMONY_CA_ID_SUFFIX + ceremonyTag(ctx));
    }

    private static boolean viaCeremonyCa(StepContext ctx) {
        return ctx.ceremony().script().policy().transcriptSigner() == TranscriptSignerIssuer.CEREMONY_CA;
    }

    /**
     * The certificates this ceremony signs its transcript and backup package with: the
     * transcript-signing certificate (checked against the key on {@code token}), the ceremony CA
     * when the script asks for one (read from its file and checked to be the signer's issuer and
     * issued by the root), and the root.
     */
    public static SigningChain transcriptChain(StepContext ctx, KeyPolicy k, HsmToken token, X509Certificate root)
            throws KeyCeremonyException {
        X509Certificate ts = readCertificate(transcriptCertificateFile(ctx, k), token.publicKey(transcriptId(ctx, k)));
        if (!viaCeremonyCa(ctx)) {
            return SigningChain.of(ts, root);
        }
        Path file = ceremonyCaCertificateFile(ctx, k);
        X509Certificate ca = readCertificate(file, null);
        try {
            ca.verify(root.getPublicKey());
            ts.verify(ca.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new KeyCeremonyException("The ceremony CA certificate " + file + " is not the one between this "
                    + "ceremony's transcript-signing certificate and its root. Abort the ceremony and investigate the "
                    + "output directory.", e);
        }
        return new SigningChain(ts, Optional.of(ca), root);
    }

    /**
     * The transcript-signing key's label: one key per ceremony (a later ceremony on the same HSM,
     * such as a share rotation, gets its own key next to the earlier ones), named after it.
     */
    public static String transcriptLabel(StepContext ctx, KeyPolicy k) {
        return k.label() + " transcript signer " + ceremonyTag(ctx);
    }

    /** CKA_ID of the transcript-signing key: the root's ID, "ts", and the first 4 bytes of the ceremony id. */
    public static byte[] transcriptId(StepContext ctx, KeyPolicy k) {
        return HexFormat.of().parseHex(k.idHex() + TRANSCRIPT_ID_SUFFIX + ceremonyTag(ctx));
    }

    private static String ceremonyTag(StepContext ctx) {
        return ctx.ceremony().ceremonyId().toString().replace("-", "").substring(0, 8);
    }

    /**
     * The root certificate of this ceremony (written to the output directory by
     * self-sign-certificate, or by load-backup from the backup package), checked against the
     * key in {@code token}: against its public-key object when there is one, otherwise (a key
     * restored from a backup has no public-key object) by a fresh signature of the private key
     * with that ID that verifies with the certificate's public key.
     */
    public static X509Certificate rootCertificate(StepContext ctx, KeyPolicy k, HsmToken token) throws KeyCeremonyException {
        X509Certificate cert = readCertificate(rootCertificateFile(ctx, k), null);
        checkHeldBy(cert, k, token);
        return cert;
    }

    /** Refuses unless the key with the policy's ID in {@code token} is the key of {@code cert} (see above). */
    public static void checkHeldBy(X509Certificate cert, KeyPolicy k, HsmToken token) throws KeyCeremonyException {
        byte[] id = HexFormat.of().parseHex(k.idHex());
        if (!token.findObjects(ObjectClass.PUBLIC_KEY, null, id).isEmpty()) {
            if (!java.util.Arrays.equals(cert.getPublicKey().getEncoded(), token.publicKey(id).getEncoded())) {
                throw new KeyCeremonyException("The root certificate does not belong to the key with ID " + k.idHex()
                        + " on " + token.info().describe() + ". Abort and investigate.");
            }
            return;
        }
        token.proveKeyPair(token.privateKey(id), cert.getPublicKey(), k.algorithm() == KeyAlgorithm.RSA
                ? org.keyceremony.hsm.SignatureAlgorithm.SHA256_WITH_RSA
                : org.keyceremony.hsm.SignatureAlgorithm.SHA384_WITH_ECDSA);
    }

    /** The digest of the certificate profile, or (a restore or rotation has no profile) the root certificate's own. */
    public static String digest(StepContext ctx, X509Certificate root) {
        return ctx.ceremony().script().policy().certificate().map(CertificateProfile::digest).orElseGet(() -> {
            String alg = root.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
            return alg.startsWith("SHA512") ? "SHA-512" : alg.startsWith("SHA384") ? "SHA-384" : "SHA-256";
        });
    }

    /** Reads a certificate this ceremony wrote, and checks it still belongs to the key in the HSM (null: checked by the caller). */
    public static X509Certificate readCertificate(Path file, java.security.PublicKey expected) throws KeyCeremonyException {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            X509Certificate cert = CertificateIssuer.parse(java.util.Base64.getDecoder().decode(body));
            if (expected != null && !java.util.Arrays.equals(cert.getPublicKey().getEncoded(), expected.getEncoded())) {
                throw new KeyCeremonyException("The certificate " + file + " does not belong to the key in the HSM. "
                        + "Was the output directory changed? Abort and investigate.");
            }
            return cert;
        } catch (java.io.IOException | java.security.cert.CertificateException | IllegalArgumentException e) {
            throw new KeyCeremonyException("Cannot read the certificate " + file + " written earlier in this ceremony ("
                    + e.getClass().getSimpleName() + "). Check the output directory.", e);
        }
    }

    /**
     * The attributes a transcript prints for a private key: the fixed ones of KeyCeremony's
     * templates, then its protection as the token reports it now (read back, not assumed).
     */
    public static List<String> attributes(KeyProtection p) {
        List<String> a = new ArrayList<>(List.of("CKA_TOKEN=true", "CKA_PRIVATE=true", "CKA_SIGN=true"));
        a.addAll(p.describe());
        return a;
    }

    static KeyFacts.Key keyFacts(GeneratedKeyPair kp, KeyPolicy k, KeyProtection protection) {
        boolean rsa = k.algorithm() == KeyAlgorithm.RSA;
        return new KeyFacts.Key(kp.label(), kp.idHex(), k.algorithm().name(),
                rsa ? Optional.of(String.valueOf(k.rsaBits())) : Optional.empty(),
                rsa ? Optional.empty() : Optional.of(k.curve()), kp.spkiSha256(), attributes(protection));
    }

    public static KeyFacts.Certificate certificateFacts(X509Certificate cert) throws KeyCeremonyException {
        try {
            List<String> ext = new ArrayList<>();
            if (cert.getBasicConstraints() >= 0) {
                ext.add("basicConstraints: CA:TRUE" + (cert.getBasicConstraints() == Integer.MAX_VALUE ? ""
                        : ", pathLen:" + cert.getBasicConstraints()) + " (critical)");
            } else {
                ext.add("basicConstraints: CA:FALSE (critical)");
            }
            boolean[] ku = cert.getKeyUsage();
            List<String> usages = new ArrayList<>();
            String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
                "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
            for (int i = 0; ku != null && i < ku.length && i < names.length; i++) {
                if (ku[i]) {
                    usages.add(names[i]);
                }
            }
            ext.add("keyUsage: " + String.join(", ", usages) + " (critical)");
            if (cert.getExtendedKeyUsage() != null) {
                ext.add("extendedKeyUsage: " + String.join(", ", cert.getExtendedKeyUsage())
                        + (cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.36") ? " (id-kp-documentSigning)" : ""));
            }
            ext.add("subjectKeyIdentifier");
            if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                ext.add("authorityKeyIdentifier");
            }
            return new KeyFacts.Certificate(cert.getSubjectX500Principal().toString(),
                    cert.getIssuerX500Principal().toString(), cert.getSerialNumber().toString(16),
                    cert.getNotBefore().toInstant().toString(), cert.getNotAfter().toInstant().toString(),
                    Digests.sha256Hex(cert.getEncoded()), cert.getSigAlgName(), ext,
                    Outputs.pem("CERTIFICATE", cert.getEncoded()));
        } catch (CertificateEncodingException | java.security.cert.CertificateParsingException e) {
            throw new KeyCeremonyException("The certificate cannot be encoded.", e);
        }
    }

    public static RegisteredRollback registerDestroy(StepContext ctx, TokenRef holder, HsmToken token, ObjectClass cls,
                                              String label, String idHex, String what) throws KeyCeremonyException {
        return ctx.registerRollback(HsmRollbacks.DESTROY_HSM_OBJECT, "destroy " + what + " '" + label + "' on "
                + token.info().describe(), Map.of("tokenSerial", token.info().serial(), "tokenLabel", token.info().label(),
                "holder", holder.yamlName(), "objectClass", cls.name(), "label", label, "id", idHex));
    }

    /** As {@link HsmToken#storeCertificate} would refuse, but before the removal is registered (see GenerateRootKey). */
    static void refuseExistingCertificate(HsmToken token, String label) throws KeyCeremonyException {
        if (!token.findObjects(ObjectClass.CERTIFICATE, label, null).isEmpty()) {
            throw new KeyCeremonyException("A certificate labelled '" + label + "' already exists on "
                    + token.info().describe() + "; KeyCeremony never replaces one. Nothing was changed.");
        }
    }

    public record GenerateRootKey() implements ActionHandler<Action.GenerateRootKey> {
        public Class<Action.GenerateRootKey> actionType() {
            return Action.GenerateRootKey.class;
        }

        public KeyFacts.GenerateRootKey perform(Action.GenerateRootKey action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = keyPolicy(ctx);
            CertificateProfileRules.check(k, profile(ctx), Instant.now());
            HsmToken token = HsmActions.connection(ctx, TokenRef.HSM).token();
            // Refuse before registering any removal: a removal registered for a label that is
            // already taken would, on abort, destroy the key that was there before.
            token.requireUnused(k.label(), HexFormat.of().parseHex(k.idHex()));
            token.requireUnused(transcriptLabel(ctx, k), transcriptId(ctx, k));
            RegisteredRollback priv = registerDestroy(ctx, TokenRef.HSM, token, ObjectClass.PRIVATE_KEY, k.label(),
                    k.idHex(), "root private key");
            RegisteredRollback pub = registerDestroy(ctx, TokenRef.HSM, token, ObjectClass.PUBLIC_KEY, k.label(),
                    k.idHex(), "root public key");
            long t0 = System.nanoTime();
            GeneratedKeyPair kp = token.generateKeyPair(spec(k), k.label(), HexFormat.of().parseHex(k.idHex()), true);
            // What identifies the pair beyond its label and ID: an abort removes only this very key.
            ctx.recordCreated(priv, HsmRollbacks.keyIdentity(kp.publicKey()));
            ctx.recordCreated(pub, HsmRollbacks.keyIdentity(kp.publicKey()));
            return new KeyFacts.GenerateRootKey(keyFacts(kp, k, token.keyProtection(kp.privateKey())),
                    Optional.of("the backup is proven and the key is sealed (seal-root-key); until then only a "
                    + "key the security officer trusts can wrap it"), token.info().serial(),
                    (System.nanoTime() - t0) / 1_000_000, true);
        }
    }

    public record SelfSignCertificate() implements ActionHandler<Action.SelfSignCertificate> {
        public Class<Action.SelfSignCertificate> actionType() {
            return Action.SelfSignCertificate.class;
        }

        public KeyFacts.SelfSignCertificate perform(Action.SelfSignCertificate action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = keyPolicy(ctx);
            CertificateProfile p = profile(ctx);
            HsmToken token = HsmActions.connection(ctx, TokenRef.HSM).token();
            byte[] id = HexFormat.of().parseHex(k.idHex());
            java.security.PublicKey pub = token.publicKey(id);
            X509Certificate cert = CertificateIssuer.selfSignRoot(p, k.algorithm(), pub,
                    CertificateIssuer.serialFrom(token.generateRandom(16)), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    new HsmSigner(token.privateKey(id), HsmSigningProvider.INSTANCE));
            refuseExistingCertificate(token, k.label());
            RegisteredRollback stored = registerDestroy(ctx, TokenRef.HSM, token, ObjectClass.CERTIFICATE, k.label(),
                    k.idHex(), "root certificate object");
            token.storeCertificate(cert, k.label(), id);
            ctx.recordCreated(stored, Map.of("sha256", Digests.sha256Hex(KeyActions.encoded(cert))));
            KeyFacts.Certificate f = certificateFacts(cert);
            byte[] der;
            try {
                der = cert.getEncoded();
            } catch (CertificateEncodingException e) {
                throw new KeyCeremonyException("The root certificate cannot be encoded.", e);
            }
            Path pemFile = rootCertificateFile(ctx, k);
            Outputs.writeNew(ctx, pemFile, f.pem().getBytes(StandardCharsets.US_ASCII), "root certificate (PEM)");
            Path derFile = ctx.ceremony().outputDirectory().resolve(k.label() + ".der");
            Outputs.writeNew(ctx, derFile, der, "root certificate (DER)");
            return new KeyFacts.SelfSignCertificate(f, List.of(pemFile.toString(), derFile.toString()),
                    token.info().serial());
        }
    }

    /**
     * After an interruption a resumed ceremony may run this step again: the key it issued before
     * is this ceremony's own (label and ID carry the ceremony id) and is used again, once its
     * certificate is found, belongs to it and was issued by this root.
     */
    private static KeyFacts.TranscriptKeyReused resumed(StepContext ctx, KeyPolicy k, HsmToken token, X509Certificate root,
                                               byte[] id) throws KeyCeremonyException {
        Path file = transcriptCertificateFile(ctx, k);
        if (!java.nio.file.Files.exists(file)) {
            throw new KeyCeremonyException("This ceremony's transcript-signing key is already on " + token.info().describe()
                    + " but its certificate was never written (the step was interrupted). Abort the ceremony: the "
                    + "rollback removes the key.");
        }
        SigningChain chain = transcriptChain(ctx, k, token, root);
        try {
            chain.signer().verify(chain.signerIssuer().getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new KeyCeremonyException("The transcript-signing certificate " + file + " was not issued by this "
                    + "root. Abort the ceremony and investigate the output directory.", e);
        }
        Optional<KeyFacts.CeremonyCa> ca = Optional.empty();
        if (chain.ceremonyCa().isPresent()) {
            byte[] caId = ceremonyCaId(ctx, k);
            ca = Optional.of(new KeyFacts.CeremonyCa(ceremonyCaLabel(ctx, k), HexFormat.of().formatHex(caId),
                    certificateFacts(chain.ceremonyCa().get()), destroyCeremonyCaKey(token, ceremonyCaLabel(ctx, k), caId),
                    List.of(ceremonyCaCertificateFile(ctx, k).toString())));
        }
        return new KeyFacts.TranscriptKeyReused(transcriptLabel(ctx, k), HexFormat.of().formatHex(id), true,
                certificateFacts(chain.signer()), ca);
    }

    public record IssueTranscriptCertificate() implements ActionHandler<Action.IssueTranscriptCertificate> {
        public Class<Action.IssueTranscriptCertificate> actionType() {
            return Action.IssueTranscriptCertificate.class;
        }

        public KeyFacts.IssueTranscriptCertificate perform(Action.IssueTranscriptCertificate action, StepContext ctx)
                throws KeyCeremonyException {
            KeyPolicy k = keyPolicy(ctx);
            HsmToken token = HsmActions.connection(ctx, action.token()).token();
            byte[] rootId = HexFormat.of().parseHex(k.idHex());
            X509Certificate root = rootCertificate(ctx, k, token);
            String label = transcriptLabel(ctx, k);
            byte[] id = transcriptId(ctx, k);
            String idHex = HexFormat.of().formatHex(id);
            if (!token.findObjects(ObjectClass.PRIVATE_KEY, label, id).isEmpty()) {
                return resumed(ctx, k, token, root, id);
            }
            token.requireUnused(label, id);
            boolean viaCa = viaCeremonyCa(ctx);
            if (viaCa) {
                token.requireUnused(ceremonyCaLabel(ctx, k), ceremonyCaId(ctx, k));
            }
            GeneratedKeyPair kp = ownEcKeyPair(ctx, action.token(), token, label, id, "transcript-signing");
            HsmSigner rootSigner = new HsmSigner(token.privateKey(rootId), HsmSigningProvider.INSTANCE);
            CeremonyCaIssued ca = viaCa ? ceremonyCa(ctx, action, k, token, root, rootSigner) : null;
            X509Certificate cert = CertificateIssuer.issueTranscriptCertificate(ca == null ? root : ca.certificate(),
                    ca == null ? digest(ctx, root) : "SHA-384", ca == null ? k.algorithm() : KeyAlgorithm.EC,
                    kp.publicKey(), "CN=" + (ctx.ceremony().rehearsal() ? "REHEARSAL " : "") + "KeyCeremony transcript signer, SERIALNUMBER="
                            + ctx.ceremony().ceremonyId(),
                    CertificateIssuer.serialFrom(token.generateRandom(16)), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    ca == null ? rootSigner : ca.signer());
            Optional<KeyFacts.CeremonyCa> caFacts = Optional.empty();
            if (ca != null) {
                // The ceremony CA certified this one key: its private key goes now, so it can certify no other.
                caFacts = Optional.of(new KeyFacts.CeremonyCa(ca.label(), HexFormat.of().formatHex(ca.id()),
                        certificateFacts(ca.certificate()), destroyCeremonyCaKey(token, ca.label(), ca.id()),
                        List.of(ca.file().toString())));
            }
            refuseExistingCertificate(token, label);
            RegisteredRollback stored = registerDestroy(ctx, action.token(), token, ObjectClass.CERTIFICATE, label, idHex,
                    "transcript-signing certificate object");
            token.storeCertificate(cert, label, id);
            ctx.recordCreated(stored, Map.of("sha256", Digests.sha256Hex(KeyActions.encoded(cert))));
            KeyFacts.Key key = keyFacts(kp, new KeyPolicy(KeyAlgorithm.EC, 0, "P-384", label, idHex),
                    token.keyProtection(kp.privateKey()));
            KeyFacts.Certificate certificate = certificateFacts(cert);
            Path pemFile = transcriptCertificateFile(ctx, k);
            Outputs.writeNew(ctx, pemFile, certificate.pem().getBytes(StandardCharsets.US_ASCII),
                    "transcript-signing certificate");
            return new KeyFacts.TranscriptKeyIssued(key.label(), key.id(), "EC", "P-384", key.spkiSha256(),
                    key.attributes(), certificate, List.of(pemFile.toString()), caFacts);
        }
    }

    /**
     * A non-extractable EC P-384 key pair of this ceremony's own ({@code what}: "transcript-signing",
     * "ceremony CA"), its removal registered before it exists so that an abort removes this very pair.
     */
    private static GeneratedKeyPair ownEcKeyPair(StepContext ctx, TokenRef ref, HsmToken token, String label, byte[] id,
                                                 String what) throws KeyCeremonyException {
        String idHex = HexFormat.of().formatHex(id);
        RegisteredRollback priv = registerDestroy(ctx, ref, token, ObjectClass.PRIVATE_KEY, label, idHex,
                what + " private key");
        RegisteredRollback pub = registerDestroy(ctx, ref, token, ObjectClass.PUBLIC_KEY, label, idHex,
                what + " public key");
        GeneratedKeyPair kp = token.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), label, id, false);
        ctx.recordCreated(priv, HsmRollbacks.keyIdentity(kp.publicKey()));
        ctx.recordCreated(pub, HsmRollbacks.keyIdentity(kp.publicKey()));
        return kp;
    }

    /** A ceremony CA made in this step: its certificate (stored and written), its key's label and ID, a signer with that key. */
    private record CeremonyCaIssued(X509Certificate certificate, String label, byte[] id, HsmSigner signer, Path file) {
    }

    /**
     * Generates the ceremony CA's key pair (EC P-384) on {@code token}, has the root certify it,
     * stores the certificate object next to it and writes its PEM file; every object it makes is
     * registered for removal on abort, as the transcript signer's are.
     */
    private static CeremonyCaIssued ceremonyCa(StepContext ctx, Action.IssueTranscriptCertificate action, KeyPolicy k,
                                               HsmToken token, X509Certificate root, HsmSigner rootSigner)
            throws KeyCeremonyException {
        String label = ceremonyCaLabel(ctx, k);
        byte[] id = ceremonyCaId(ctx, k);
        String idHex = HexFormat.of().formatHex(id);
        GeneratedKeyPair kp = ownEcKeyPair(ctx, action.token(), token, label, id, "ceremony CA");
        X509Certificate cert = CertificateIssuer.issueCeremonyCaCertificate(root, digest(ctx, root), k.algorithm(),
                kp.publicKey(), "CN=" + (ctx.ceremony().rehearsal() ? "REHEARSAL " : "") + "KeyCeremony ceremony CA, "
                        + "SERIALNUMBER=" + ctx.ceremony().ceremonyId(),
                CertificateIssuer.serialFrom(token.generateRandom(16)), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                rootSigner);
        refuseExistingCertificate(token, label);
        RegisteredRollback stored = registerDestroy(ctx, action.token(), token, ObjectClass.CERTIFICATE, label, idHex,
                "ceremony CA certificate object");
        token.storeCertificate(cert, label, id);
        ctx.recordCreated(stored, Map.of("sha256", Digests.sha256Hex(KeyActions.encoded(cert))));
        Path file = ceremonyCaCertificateFile(ctx, k);
        Outputs.writeNew(ctx, file, pemOf(cert), "ceremony CA certificate");
        return new CeremonyCaIssued(cert, label, id, new HsmSigner(token.privateKey(id), HsmSigningProvider.INSTANCE), file);
    }

    /**
     * Destroys the ceremony CA's private key (never the root's: the label and ID carry "ceremony CA"
     * and the ceremony); true once no such key is listed, also when a resumed step finds it gone.
     */
    private static boolean destroyCeremonyCaKey(HsmToken token, String label, byte[] id) throws KeyCeremonyException {
        for (var o : token.findObjects(ObjectClass.PRIVATE_KEY, label, id)) {
            token.destroyObject(o.handle());
        }
        if (!token.findObjects(ObjectClass.PRIVATE_KEY, label, id).isEmpty()) {
            throw new KeyCeremonyException("The ceremony CA's private key '" + label + "' is still on "
                    + token.info().describe() + " after it was destroyed. Abort the ceremony: the rollback removes it.");
        }
        return true;
    }

    public static byte[] encoded(X509Certificate c) throws KeyCeremonyException {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new KeyCeremonyException("A certificate cannot be encoded.", e);
        }
    }

    public static byte[] pemOf(X509Certificate c) throws KeyCeremonyException {
        return Outputs.pem("CERTIFICATE", encoded(c)).getBytes(StandardCharsets.US_ASCII);
    }
}
