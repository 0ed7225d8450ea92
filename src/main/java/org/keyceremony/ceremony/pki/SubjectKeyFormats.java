package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.keyceremony.base.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.spec.X509EncodedKeySpec;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a subordinate's key may be written in a file, and what {@link SubjectKeyInput#read} refuses:
 * PEM (RFC 7468: one block labelled {@code CERTIFICATE REQUEST}, {@code NEW CERTIFICATE REQUEST},
 * {@code PUBLIC KEY} or {@code CERTIFICATE}, strict Base64, no headers, nothing but white space
 * around it) or the DER itself (no BER, nothing after it), at most 64 KiB. Messages name the file's
 * form and what to do, never its contents.
 */
final class SubjectKeyFormats {
    static final int MAX_FILE_BYTES = 64 * 1024;

    /** The three things a file may hold. */
    enum Kind { CSR, PUBLIC_KEY, CERTIFICATE }

    /** A file's contents: what it holds and the DER of it. */
    record Decoded(Kind kind, byte[] der) {
    }

    /** A key's algorithm ("RSA", "EC" or an OID) and its size or curve ("2048", "P-384"). */
    record KeyFacts(String algorithm, String size) {
    }

    static final ASN1ObjectIdentifier RSA = SignatureAlgorithmRules.RSA_KEY;
    static final ASN1ObjectIdentifier EC = SignatureAlgorithmRules.EC_KEY;
    static final Map<String, String> CURVES = Map.of("1.2.840.10045.3.1.7", "P-256", "1.3.132.0.34", "P-384", "1.3.132.0.35", "P-521");
    private static final Map<String, Kind> LABELS = Map.of("CERTIFICATE REQUEST", Kind.CSR, "NEW CERTIFICATE REQUEST", Kind.CSR,
            "PUBLIC KEY", Kind.PUBLIC_KEY, "CERTIFICATE", Kind.CERTIFICATE);
    private static final Pattern PEM = Pattern.compile(
            "\\s*-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n([A-Za-z0-9+/=\\r\\n]*?)\\r?\\n?-----END \\1-----\\s*");
    private static final String WANTED = "a PKCS#10 certificate request, a public key or a CA certificate, PEM or DER";

    private SubjectKeyFormats() {
    }

    static Decoded decode(byte[] file) throws InvalidInputException {
        if (file.length == 0) {
            throw new InvalidInputException("The file is empty. Give " + WANTED + ".");
        }
        if (file.length > MAX_FILE_BYTES) {
            throw new InvalidInputException("The file has " + file.length + " bytes, more than the " + MAX_FILE_BYTES
                    + " a certificate request, public key or CA certificate can have. Give " + WANTED + ".");
        }
        String text = new String(file, StandardCharsets.ISO_8859_1);
        if (!text.stripLeading().startsWith("-----BEGIN ")) {
            byte[] der = file.clone();
            return new Decoded(kindOf(der, "The file"), der);
        }
        Matcher m = PEM.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException("The file is not one PEM block (-----BEGIN …----- to -----END …-----, Base64 between, "
                    + "nothing else). Give " + WANTED + ".");
        }
        String label = m.group(1);
        Kind declared = LABELS.get(label);
        if (declared == null) {
            throw new InvalidInputException("The file holds a PEM \"" + label + "\"" + (label.contains("PRIVATE") ? ", a private key: "
                    + "it must never leave the subordinate's HSM or key ceremony. Treat it as exposed and tell the subordinate's operator."
                    : ", not " + WANTED + "."));
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(m.group(2).replaceAll("[\\r\\n]", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The PEM \"" + label + "\" block is not valid Base64. Give the file again.");
        }
        Kind held = kindOf(der, "The PEM \"" + label + "\" block");
        if (held != declared) {
            throw new InvalidInputException("The PEM block is labelled \"" + label + "\" but holds " + name(held) + ". Give the file again.");
        }
        return new Decoded(held, der);
    }

    /** What DER {@code der} holds, by its shape; refused when it is none of the three or not DER. */
    private static Kind kindOf(byte[] der, String what) throws InvalidInputException {
        ASN1Primitive value;
        try {
            value = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(value.getEncoded(ASN1Encoding.DER), der)) {
                throw new InvalidInputException(what + " is BER, not DER: it is not encoded as certificates and requests are. "
                        + "Give " + WANTED + ".");
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(what + " is neither PEM nor DER. Give " + WANTED + ".");
        }
        if (value instanceof ASN1Sequence seq && seq.size() == 2 && seq.getObjectAt(1) instanceof ASN1BitString) {
            try {
                facts(der);
                return Kind.PUBLIC_KEY;
            } catch (RuntimeException e) {
                throw new InvalidInputException(what + " is not a readable public key. Give " + WANTED + ".");
            }
        }
        if (value instanceof ASN1Sequence seq && seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Sequence body) {
            if (body.size() == 4) {
                return Kind.CSR;
            }
            if (body.size() >= 6) {
                return Kind.CERTIFICATE;
            }
        }
        throw new InvalidInputException(what + " holds DER that is not " + WANTED + ".");
    }

    private static String name(Kind kind) {
        return switch (kind) {
            case CSR -> "a certificate request";
            case PUBLIC_KEY -> "a public key";
            case CERTIFICATE -> "a certificate";
        };
    }

    /** A PKCS#10 request's DER, once its signature is shown to verify with the key it carries. */
    static byte[] verifiedCsr(byte[] der) throws InvalidInputException {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
            facts(csr.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("The certificate request cannot be read (" + e.getClass().getSimpleName()
                    + "). Ask the subordinate's operator for the request again.");
        }
        boolean valid;
        try {
            // The JDK's providers know the key types by name, not by OID, which BC would look them up by.
            String type = csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().equals(RSA) ? "RSA" : "EC";
            PublicKey key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (GeneralSecurityException | IOException | OperatorCreationException | PKCSException | RuntimeException e) {
            throw new InvalidInputException("The certificate request's signature cannot be checked (" + e.getClass().getSimpleName()
                    + "): its key or signature algorithm is not one this tool knows. Ask for an RSA or EC request.");
        }
        if (!valid) {
            throw new InvalidInputException("The certificate request's signature does not verify with the key it carries: the request "
                    + "was altered or damaged. Nothing was signed. Ask the subordinate's operator for the request again.");
        }
        return der.clone();
    }

    static X509Certificate certificate(byte[] der) throws InvalidInputException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new InvalidInputException("The certificate cannot be read (" + e.getClass().getSimpleName() + "). Give the existing "
                    + "CA certificate again.");
        }
    }

    /** The key's algorithm and size; IllegalArgumentException when {@code spkiDer} is no SubjectPublicKeyInfo. */
    static KeyFacts facts(byte[] spkiDer) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(spkiDer);
        ASN1ObjectIdentifier type = spki.getAlgorithm().getAlgorithm();
        try {
            if (type.equals(RSA)) {
                return new KeyFacts("RSA", String.valueOf(RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not an RSA public key", e);
        }
        if (type.equals(EC)) {
            var parameters = spki.getAlgorithm().getParameters();
            String curve = parameters instanceof ASN1ObjectIdentifier oid ? CURVES.getOrDefault(oid.getId(), oid.getId())
                    : "with explicit curve parameters";
            return new KeyFacts("EC", curve);
        }
        return new KeyFacts(type.getId(), "of unknown size");
    }
}
