package org.keyceremony.ceremony.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyUsageBit;

/**
 * The pre-issuance linter's rules that can run before the ceremony, without the root key and
 * without what the other party brings: the CRL or certificate the script describes is built under
 * a throw-away issuer of the root's key type (and, for a certificate, a throw-away subject key of
 * the type the script expects), and linted. Its errors refuse the script before the first event, so
 * a CRL valid for two years or a subordinate without a policy never reaches the day; the checks
 * that need the real root, the previous CRL or the request run again in the step.
 */
public final class PreIssuanceCheck {
    private static final Map<String, KeyPair> KEYS = new HashMap<>();

    private PreIssuanceCheck() {
    }

    /** What the root key is, as policy.key says: RSA (any size: the lint does not judge the issuer's), or EC on a curve. */
    public record IssuerKey(KeyAlgorithm algorithm, String curve) {
        String digest() {
            return algorithm == KeyAlgorithm.RSA ? "SHA-256" : "P-521".equals(curve) ? "SHA-512"
                    : "P-384".equals(curve) ? "SHA-384" : "SHA-256";
        }
    }

    /** The linter's errors for the CRL the script describes (no previous CRL: its rules run in the step). */
    public static List<String> crl(IssuerKey root, Instant thisUpdate, Instant nextUpdate, List<Revocation> entries)
            throws KeyCeremonyException {
        Instant now = Instant.now();
        java.security.cert.X509Certificate issuer = issuer(root, now, latest(thisUpdate, nextUpdate));
        PreparedCrl prepared = CrlIssuer.prepare(new CrlRequest(issuer, Optional.empty(), thisUpdate, nextUpdate, entries,
                root.digest()), now);
        return errors(prepared.findings());
    }

    /**
     * The linter's errors for the certificate the script describes, issued at {@code now}. For a
     * cross-certificate, the existing certificate is stood in for by one made to the script's
     * subject and extensions, so only the rules of the certificate itself run here. {@code now} is the
     * signing moment assumed: a script with a fixed not-before is checked as if signed that day.
     */
    public static List<String> certificate(IssuerKey root, IssuanceProfile profile, String subjectDn,
                                           KeyAlgorithm subjectAlgorithm, int rsaBits, String subjectCurve,
                                           Instant notBefore, Instant notAfter, Instant now) throws KeyCeremonyException {
        java.security.cert.X509Certificate issuer = issuer(root, now.isBefore(notBefore) ? now : notBefore,
                latest(notBefore, notAfter));
        KeyPair subject = key(subjectAlgorithm, rsaBits, subjectCurve);
        SubjectKeyInput input = IssuanceProfile.CROSS.equals(profile.name())
                ? new SubjectKeyInput.ExistingCertificate(existing(profile, subjectDn, subject, notBefore, notAfter))
                : new SubjectKeyInput.PublicKeyOnly(subject.getPublic().getEncoded());
        PreparedCertificate prepared = SubordinateIssuer.prepare(new CertificateRequest(profile, issuer,
                IssuanceProfile.CROSS.equals(profile.name()) ? "" : subjectDn, input,
                new BigInteger(1, new byte[] {0x5c, 0x3a, 0x11, 0x7e, 0x42, 0x19, 0x6d, 0x0b, 0x27, 0x63, 0x1f, 0x48,
                        0x35, 0x70, 0x0e, 0x21}), notBefore, notAfter, root.digest()), now);
        return errors(prepared.findings());
    }

    private static List<String> errors(List<CrlLint.LintFinding> findings) {
        List<String> out = new ArrayList<>();
        for (CrlLint.LintFinding f : findings) {
            if (f.severity() == CrlLint.Severity.ERROR) {
                out.add(f.rule() + " (" + f.section() + "): " + f.message());
            }
        }
        return out;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A throw-away self-signed root of {@code root}'s key type, valid from a day before {@code since} until after {@code until}. */
    private static java.security.cert.X509Certificate issuer(IssuerKey root, Instant since, Instant until)
            throws KeyCeremonyException {
        KeyPair kp = key(root.algorithm(), 2048, root.curve());
        Instant from = since.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        return selfSigned(kp, "CN=Pre-issuance check root, O=KeyCeremony, C=NL", from, until.plus(Duration.ofDays(1)),
                root.digest(), root.algorithm(), b -> {
                    b.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
                            org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign));
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                });
    }

    /** The other CA's certificate as the script expects it: its subject, key usage, EKU and path length. */
    private static java.security.cert.X509Certificate existing(IssuanceProfile profile, String subjectDn, KeyPair kp,
                                                               Instant since, Instant until) throws KeyCeremonyException {
        String subject = subjectDn.isEmpty() ? "CN=Pre-issuance check other CA, O=KeyCeremony, C=NL" : subjectDn;
        KeyAlgorithm alg = kp.getPublic().getAlgorithm().equals("RSA") ? KeyAlgorithm.RSA : KeyAlgorithm.EC;
        return selfSigned(kp, subject, since.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS),
                until.plus(Duration.ofDays(1)), "SHA-256", alg, b -> {
                    int bits = 0;
                    for (KeyUsageBit bit : profile.keyUsage()) {
                        bits |= RootKeyUsage.mask(bit);
                    }
                    b.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(bits));
                    if (!profile.extendedKeyUsage().isEmpty()) {
                        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.extendedKeyUsage()
                                .stream().map(o -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(o)))
                                .toArray(KeyPurposeId[]::new)));
                    }
                    b.addExtension(Extension.basicConstraints, true, profile.pathLength() == null
                            ? new BasicConstraints(true) : new BasicConstraints(profile.pathLength()));
                });
    }

    @FunctionalInterface
    private interface Extensions {
        void add(X509v3CertificateBuilder b) throws java.io.IOException;
    }

    private static java.security.cert.X509Certificate selfSigned(KeyPair kp, String dn, Instant from, Instant until,
                                                                 String digest, KeyAlgorithm alg, Extensions extensions)
            throws KeyCeremonyException {
        try {
            X500Name name = X500Name.getInstance(new X500Principal(dn).getEncoded());
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(from.getEpochSecond()),
                    Date.from(from), Date.from(until), name, SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
            extensions.add(b);
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
            String sigAlg = digest.replace("-", "") + "with" + (alg == KeyAlgorithm.RSA ? "RSA" : "ECDSA");
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(sigAlg)
                    .build(kp.getPrivate())));
        } catch (java.io.IOException | GeneralSecurityException | OperatorCreationException | IllegalArgumentException e) {
            throw new KeyCeremonyException("The pre-issuance check could not build its stand-in certificate ("
                    + e.getClass().getSimpleName() + "): check the script's subject and key.", e);
        }
    }

    private static KeyPair key(KeyAlgorithm algorithm, int rsaBits, String curve) throws KeyCeremonyException {
        String id = algorithm == KeyAlgorithm.RSA ? "RSA " + rsaBits : "EC " + curve;
        synchronized (KEYS) {
            KeyPair kp = KEYS.get(id);
            if (kp == null) {
                try {
                    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm == KeyAlgorithm.RSA ? "RSA" : "EC");
                    if (algorithm == KeyAlgorithm.RSA) {
                        g.initialize(rsaBits);
                    } else {
                        g.initialize(new ECGenParameterSpec(switch (curve) {
                            case "P-256" -> "secp256r1";
                            case "P-521" -> "secp521r1";
                            default -> "secp384r1";
                        }));
                    }
                    kp = g.generateKeyPair();
                } catch (GeneralSecurityException e) {
                    throw new KeyCeremonyException("The pre-issuance check could not make a throw-away " + id + " key.", e);
                }
                KEYS.put(id, kp);
            }
            return kp;
        }
    }
}
