package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.pki.CertificateIssuer;
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.ScriptException;
import org.keyceremony.testing.Seeded;

/**
 * Issue 16, case 6: a 12,000-character CN passed {@code script check}; key, shares and backups were
 * made, then the transcript's signature did not fit the space reserved for it and everything was
 * aborted. Now the script's limits are what the signature's space can hold: the largest subject
 * {@code script check} accepts, on the largest root key, still signs a transcript that verifies.
 */
class LongestSubjectSignatureTest {
    private static final Path SHIPPED = Path.of("ceremony-scripts/root-key-generation.yaml");
    private static final String SHIPPED_SUBJECT = "CN=Example Root CA, O=Example Organisation, C=NL";
    /**
     * U+4E00: three bytes in UTF-8, the most a character takes that the transcript prints (four-byte
     * ones, such as emoji, are refused because no font of the transcript prints them; issue 19, part 5).
     */
    private static final String WIDEST = "\u4E00";
    private static final int SUBJECT_LIMIT = 1024;

    @TempDir
    Path dir;

    /**
     * Ten attributes (CN, O and C as a root needs, seven STREET of up to 128: the one attribute the
     * BRs let a name repeat, 7.1.2.10.2), in the order BR 7.1.4.2 wants them encoded, written without
     * spaces and filled with the widest printable characters up to the 1,024 characters a subject may
     * have in all.
     */
    static String longestSubject() {
        StringBuilder dn = new StringBuilder("CN=").append(WIDEST.repeat(64)).append(",O=").append(WIDEST.repeat(64));
        int left = SUBJECT_LIMIT - codePoints(dn) - 7 * ",STREET=".length() - ",C=NL".length();
        for (int i = 0; i < 7; i++) {
            int n = Math.min(128, left);
            dn.append(",STREET=").append(WIDEST.repeat(n));
            left -= n;
        }
        dn.append(",C=NL");
        return dn.toString();
    }

    private static int codePoints(CharSequence s) {
        return (int) s.codePoints().count();
    }

    /**
     * The shipped script with {@code subject}, its wide characters written as YAML escapes in the
     * double-quoted value (as the four-byte ones had to be: see the report on issue 16).
     */
    private static String scriptWith(String subject) throws Exception {
        String text = Files.readString(SHIPPED);
        assertThat(text).contains("subject: \"" + SHIPPED_SUBJECT + "\"");
        return text.replace(SHIPPED_SUBJECT, subject.replace(WIDEST, "\\u4E00"));
    }

    @Test
    void theLongestSubjectTheScriptMayHaveIsTheLongestItAccepts() throws Exception {
        String subject = longestSubject();
        assertThat(codePoints(subject)).isEqualTo(SUBJECT_LIMIT);

        assertThat(CeremonyScripts.parse(scriptWith(subject), "longest.yaml").policy().certificate())
                .hasValueSatisfying(c -> assertThat(c.subjectDn()).isEqualTo(subject));
        assertThatThrownBy(() -> CeremonyScripts.parse(scriptWith(subject + WIDEST), "longer.yaml"))
                .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.getMessage())
                        .contains("policy.certificate.subject: is 1025 characters long; at most 1024 are allowed"));
        assertThatThrownBy(() -> CeremonyScripts.parse(scriptWith(subject + ",L=x"), "eleven.yaml"))
                .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.getMessage())
                        .contains("policy.certificate.subject: is 1028 characters long; at most 1024 are allowed"));
    }

    @Test
    void anRsa4096RootWithTheLongestSubjectSignsATranscriptThatVerifiesWithinTheReservedSpace() throws Exception {
        CeremonyScript script = CeremonyScripts.parse(scriptWith(longestSubject()), "longest.yaml");
        KeyPolicy key = script.policy().key().orElseThrow();
        CertificateProfile profile = script.policy().certificate().orElseThrow();
        assertThat(key.algorithm()).isEqualTo(KeyAlgorithm.RSA);
        assertThat(key.rsaBits()).as("the largest root key a script may ask for").isEqualTo(4096);

        // The root and the transcript-signing certificate as the ceremony makes them (KeyActions), on software keys.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(key.rsaBits());
        KeyPair rootKey = rsa.generateKeyPair();
        HsmSigner rootSigner = new HsmSigner(rootKey.getPrivate(), Security.getProvider("SunRsaSign"));
        X509Certificate root = CertificateIssuer.selfSignRoot(profile, key.algorithm(), rootKey.getPublic(),
                serial(102), TestPki.NOT_BEFORE, rootSigner);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair transcriptKey = ec.generateKeyPair();
        String ceremonyId = Seeded.uuid(101).toString();
        X509Certificate signer = CertificateIssuer.issueTranscriptCertificate(root, profile.digest(), key.algorithm(),
                transcriptKey.getPublic(), "CN=REHEARSAL KeyCeremony transcript signer, SERIALNUMBER=" + ceremonyId,
                serial(103), TestPki.NOT_BEFORE, rootSigner);
        assertThat(root.getSubjectX500Principal().getEncoded().length).as("encoded subject")
                .isGreaterThan(3 * (SUBJECT_LIMIT - 32));

        TestPki pki = new TestPki(rootKey, root, transcriptKey, signer);
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(pki, ceremonyId);
        Path file = dir.resolve("transcript.pdf");
        VerificationReport report = TranscriptWriter.write(file,
                TranscriptFacts.fromEvents(ceremony.events(), SyntheticCeremony.SCRIPT), ceremony.attachments(pki),
                TranscriptSigner.withKey(transcriptKey.getPrivate(), null, signer, root), root, ceremony.signingTime());

        assertThat(report.valid()).as("%s", report.failures()).isTrue();
        byte[] cms = signatureOf(Files.readAllBytes(file));
        assertThat(cms.length).as("the CMS signature in bytes").isLessThanOrEqualTo(TranscriptSigner.RESERVED);
        assertThat(new CMSSignedData(cms).getCertificates().getMatches(null)).hasSize(2);
    }

    /** A serial number of 16 bytes drawn from {@code seed}: each certificate its own seed, so no two share a serial. */
    private static BigInteger serial(long seed) {
        byte[] random = new byte[16];
        Seeded.random(seed).nextBytes(random);
        return CertificateIssuer.serialFrom(random);
    }

    /** The DER of the signature's CMS, without the zeros that pad the reserved space. */
    private static byte[] signatureOf(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf);
             ASN1InputStream in = new ASN1InputStream(document.getLastSignatureDictionary().getContents())) {
            return in.readObject().getEncoded("DER");
        }
    }
}
