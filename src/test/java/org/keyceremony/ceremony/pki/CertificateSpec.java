package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;
import org.keyceremony.ceremony.pki.SubjectKeyInput.PublicKeyOnly;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.util.Map.entry;
import static org.keyceremony.ceremony.pki.CertificateFixtures.EC_ROOT;
import static org.keyceremony.ceremony.pki.CertificateFixtures.NOW;

/**
 * A TBSCertificate as {@link SubordinateIssuer} builds it for one profile, taken apart field by field
 * so that a lint test can break one field and see exactly the findings that follows.
 */
final class CertificateSpec {
    /** Each rule's section, as the findings name it. */
    static final Map<String, String> SECTIONS = Map.ofEntries(
            entry("cert-version", "RFC 5280 4.1.2.1; BR 7.1.1"),
            entry("cert-serial", "RFC 5280 4.1.2.2; BR 7.1.2.6, 7.1.2.2, 7.1.2.8"),
            entry("cert-signature-algorithm", "BR 7.1.3.2"),
            entry("cert-issuer-name", "RFC 5280 4.1.2.4; BR 7.1.4.1"),
            entry("cert-issuer-is-ca", "RFC 5280 4.2.1.3, 4.2.1.9"),
            entry("cert-unique-ids", "RFC 5280 4.1.2.8; BR 7.1.2.6"),
            entry("cert-validity", "RFC 5280 4.1.2.5; BR 7.1.2.10.1"),
            entry("cert-signing-time", "BR 7.1.2.10.1, 7.1.2.2.1, 7.1.2.8.1"),
            entry("cert-time-encoding", "RFC 5280 4.1.2.5"),
            entry("cert-subject", "BR 7.1.2.10.2, 7.1.4"),
            entry("cert-cross-same-subject-and-key", "BR 7.1.2.2, 7.1.2.2.2"),
            entry("cert-key", "BR 6.1.5, 6.1.6, 7.1.3.1"),
            entry("cert-key-is-the-confirmed-one", "RFC 5280 4.1.2.7"),
            entry("cert-csr-subject", "RFC 2986 4"),
            entry("cert-key-usage", "RFC 5280 4.2.1.3; BR 7.1.2.10.7, 7.1.2.8.7"),
            entry("cert-extended-key-usage", "BR 7.1.2.10.6, 7.1.2.2.4, 7.1.2.2.5, 7.1.2.8.5"),
            entry("cert-eku-server-auth-only", "Chrome Root Program Policy 3.2.1"),
            entry("cert-basic-constraints", "RFC 5280 4.2.1.9; BR 7.1.2.10.4, 7.1.2.8.4"),
            entry("cert-subject-key-identifier", "RFC 5280 4.2.1.2; BR 7.1.2.11.4"),
            entry("cert-authority-key-identifier", "RFC 5280 4.2.1.1; BR 7.1.2.11.1"),
            entry("cert-authority-information-access", "BR 7.1.2.10.3, 7.1.2.8.3"),
            entry("cert-aia-ocsp", "BR 4.9.9, 7.1.2.10.3"),
            entry("cert-certificate-policies", "BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.8.8, 7.1.6.1"),
            entry("cert-crl-distribution-points", "BR 7.1.2.11.2"),
            entry("cert-name-constraints", "RFC 5280 4.2.1.10; BR 7.1.2.10.8, 7.1.2.8.2"),
            entry("cert-ocsp-nocheck", "BR 7.1.2.8.6; RFC 6960 4.2.2.2.1"),
            entry("cert-no-unknown-extensions", "BR 7.1.2.11.5; RFC 5280 4.2"));

    CertificateRequest request;
    Instant now = NOW;
    ASN1Integer serial;
    AlgorithmIdentifier signature;
    X500Name issuer;
    Time notBefore;
    Time notAfter;
    X500Name subject;
    SubjectPublicKeyInfo spki;
    DERBitString issuerUniqueId;
    final List<Extension> extensions = new ArrayList<>();

    private CertificateSpec(CertificateRequest request) {
        this.request = request;
        try {
            TBSCertificate t = TBSCertificate.getInstance(SubordinateIssuer.prepare(request, NOW).tbsDer());
            serial = t.getSerialNumber();
            signature = t.getSignature();
            issuer = t.getIssuer();
            notBefore = t.getStartDate();
            notAfter = t.getEndDate();
            subject = t.getSubject();
            spki = t.getSubjectPublicKeyInfo();
            for (ASN1ObjectIdentifier oid : t.getExtensions().getExtensionOIDs()) {
                extensions.add(t.getExtensions().getExtension(oid));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CertificateSpec tls() {
        return new CertificateSpec(CertificateFixtures.request(CertificateFixtures.tlsProfile()));
    }

    static CertificateSpec ocsp() {
        return new CertificateSpec(CertificateFixtures.request(CertificateFixtures.ocspProfile()));
    }

    static CertificateSpec cross() {
        return new CertificateSpec(CertificateFixtures.request(CertificateFixtures.crossProfile(), EC_ROOT, "",
                new ExistingCertificate(CertificateFixtures.EXISTING)));
    }

    static CertificateSpec privateCa() {
        return new CertificateSpec(CertificateFixtures.request(CertificateFixtures.privateProfile()));
    }

    TBSCertificate tbs() {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new DERTaggedObject(true, 0, new ASN1Integer(2)));
        v.add(serial);
        v.add(signature);
        v.add(issuer);
        v.add(new DERSequence(new ASN1Encodable[] {notBefore, notAfter}));
        v.add(subject);
        v.add(spki);
        if (issuerUniqueId != null) {
            v.add(new DERTaggedObject(false, 1, issuerUniqueId));
        }
        if (!extensions.isEmpty()) {
            v.add(new DERTaggedObject(true, 3, new Extensions(extensions.toArray(Extension[]::new))));
        }
        return TBSCertificate.getInstance(new DERSequence(v));
    }

    List<String> findings() {
        return CertificateProfileLint.check(tbs(), request, now).stream().map(LintFinding::describe).toList();
    }

    /** Puts {@code ext} where the extension of its OID is, or last if there is none. */
    void set(Extension ext) {
        for (int i = 0; i < extensions.size(); i++) {
            if (extensions.get(i).getExtnId().equals(ext.getExtnId())) {
                extensions.set(i, ext);
                return;
            }
        }
        extensions.add(ext);
    }

    void remove(ASN1ObjectIdentifier oid) {
        extensions.removeIf(e -> e.getExtnId().equals(oid));
    }

    /** The certificate and the request both for another key (a key read from another file). */
    void key(SubjectPublicKeyInfo other) {
        spki = other;
        request = new CertificateRequest(request.profile(), request.issuer(), request.subjectDn(), new PublicKeyOnly(der(other)),
                request.serial(), request.notBefore(), request.notAfter(), request.digest());
    }

    void issuer(java.security.cert.X509Certificate cert) {
        request = new CertificateRequest(request.profile(), cert, request.subjectDn(), request.subjectKey(), request.serial(),
                request.notBefore(), request.notAfter(), request.digest());
    }

    void profile(IssuanceProfile profile) {
        request = new CertificateRequest(profile, request.issuer(), request.subjectDn(), request.subjectKey(), request.serial(),
                request.notBefore(), request.notAfter(), request.digest());
    }

    void subjectKey(SubjectKeyInput key) {
        request = new CertificateRequest(request.profile(), request.issuer(), request.subjectDn(), key, request.serial(),
                request.notBefore(), request.notAfter(), request.digest());
    }

    static Time time(Instant t) {
        return new Time(Date.from(t));
    }

    static X500Name name(String rfc4514) {
        return X500Name.getInstance(new X500Principal(rfc4514).getEncoded());
    }

    static Extension ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return Extension.create(oid, critical, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A finding as it is described: {@code ERROR rule (section): message}. */
    static String error(String rule, String message) {
        return "ERROR " + rule + " (" + SECTIONS.get(rule) + "): " + message;
    }

    static String warning(String rule, String message) {
        return "WARNING " + rule + " (" + SECTIONS.get(rule) + "): " + message;
    }

    /** One row of a table test: what is broken, on which profile's certificate, and what must be found. */
    record Broken(String what, java.util.function.Supplier<CertificateSpec> base, Consumer<CertificateSpec> change, List<String> expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Broken broken(String what, Consumer<CertificateSpec> change, String... expected) {
        return new Broken(what, CertificateSpec::tls, change, List.of(expected));
    }

    static Broken broken(String what, java.util.function.Supplier<CertificateSpec> base, Consumer<CertificateSpec> change, String... expected) {
        return new Broken(what, base, change, List.of(expected));
    }
}
