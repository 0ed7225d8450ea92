package org.keyceremony.ceremony.rehearsal;

import org.keyceremony.hsm.PinHolder;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.actions.signing.PrepareCertificate;
import org.keyceremony.hsm.EcCurve;
import org.keyceremony.hsm.GeneratedKeyPair;
import org.keyceremony.hsm.HsmSigningProvider;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyPairSpec;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.IssuedCertificate;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.Step;
import org.keyceremony.secret.Pin;

/**
 * What the other party brings to a rehearsal of a signing ceremony: for each
 * {@code prepare-certificate} step, the subordinate operator's PKCS#10 request (or, for a
 * cross-certificate, the other CA's certificate), made from a throw-away key of the kind the
 * script expects, generated on {@code rehearsal-hsm-2}, and written to
 * {@code WORKSPACE/requests/<step id>.csr} (or {@code .pem}) — the path the shipped answers give.
 * A file already there is kept (a second rehearsal in the same world reuses it); {@code --csr
 * FILE} puts a given request in the first step's place, but never over a different one.
 */
public final class RehearsalRequests {
    public static final String FOLDER = "requests";

    private RehearsalRequests() {
    }

    /** The request files of {@code script}'s prepare-certificate steps, made where missing. */
    public static List<Path> prepare(RehearsalWorld world, CeremonyScript script, Optional<Path> given, Pin userPin)
            throws KeyCeremonyException {
        List<Path> made = new ArrayList<>();
        Path folder = world.workspace().resolve(FOLDER);
        boolean first = true;
        for (Step step : script.steps()) {
            if (!(step.action() instanceof PrepareCertificate.Prepare p)) {
                continue;
            }
            boolean cross = "cabf-cross".equals(p.spec().profile());
            Path file = folder.resolve(step.id() + (cross ? ".pem" : ".csr"));
            try {
                Files.createDirectories(folder);
                if (first && given.isPresent()) {
                    byte[] bytes = Files.readAllBytes(given.get());
                    if (!Files.exists(file)) {
                        Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
                    } else if (!java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                        // an earlier rehearsal's transcript names that file: it is never overwritten
                        throw new KeyCeremonyException("The workspace already holds another request " + file + " (an "
                                + "earlier rehearsal used it). Nothing was changed. Rehearse with --csr in a new "
                                + "workspace, or move that file away first.");
                    }
                } else if (!Files.exists(file)) {
                    Files.writeString(file, request(world, step, p.spec(), cross, userPin), StandardCharsets.US_ASCII);
                }
            } catch (IOException e) {
                throw new KeyCeremonyException("Cannot write the rehearsal's request " + file + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ").", e);
            }
            first = false;
            made.add(file);
        }
        return made;
    }

    private static String request(RehearsalWorld world, Step step, IssuedCertificate spec, boolean cross, Pin pin)
            throws KeyCeremonyException {
        Path module = RehearsalWorld.softhsmModule().orElseThrow(() ->
                new KeyCeremonyException("SoftHSM2 is not installed. Install it: sudo apt-get install softhsm2"));
        String subject = spec.subjectDn().orElse("CN=Rehearsal Other CA " + step.id() + ", O=Rehearsal Other Organisation, C=NL");
        try (HsmToken token = Pkcs11Module.open(module).openByLabel(RehearsalWorld.HSM_2)) {
            token.login(pin, PinHolder.administrator());
            String label = "rehearsal request " + step.id() + " " + Instant.now().getEpochSecond();
            byte[] id = HexFormat.of().parseHex("7271" + Long.toHexString(Instant.now().getEpochSecond()));
            if (!token.findObjects(ObjectClass.PRIVATE_KEY, label, null).isEmpty()) {
                throw new KeyCeremonyException("A rehearsal request key '" + label + "' exists already; retry.");
            }
            KeyPairSpec keySpec = spec.key().algorithm() == KeyAlgorithm.RSA ? new KeyPairSpec.Rsa(spec.key().rsaBits())
                    : new KeyPairSpec.Ec(EcCurve.valueOf(spec.key().curve().replace("-", "")));
            GeneratedKeyPair kp = token.generateKeyPair(keySpec, label, id, false);
            String alg = spec.key().algorithm() == KeyAlgorithm.RSA ? "SHA256withRSA"
                    : ((KeyPairSpec.Ec) keySpec).curve().defaultSignature().jcaName();
            ContentSigner signer = new JcaContentSignerBuilder(alg).setProvider(HsmSigningProvider.INSTANCE)
                    .build(kp.privateKey());
            X500Name name = X500Name.getInstance(new X500Principal(subject).getEncoded());
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.publicKey().getEncoded());
            if (!cross) {
                byte[] der = new PKCS10CertificationRequestBuilder(name, spki).build(signer).getEncoded();
                return pem("CERTIFICATE REQUEST", der);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, new BigInteger(1, token.generateRandom(16)),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, spki);
            // The other CA's issuing CA certificate, as a TLS subordinate has it (BR 7.1.2.10).
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign
                    | KeyUsage.cRLSign));
            b.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                    new org.bouncycastle.asn1.x509.KeyPurposeId[] {org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth,
                            org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            return pem("CERTIFICATE", b.build(signer).getEncoded());
        } catch (IOException | OperatorCreationException | IllegalArgumentException e) {
            throw new KeyCeremonyException("Cannot make the rehearsal's request for step " + step.id() + " ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
