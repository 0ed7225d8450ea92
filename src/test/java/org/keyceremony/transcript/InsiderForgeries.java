package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.UnaryOperator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDPageAdditionalActions;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;

/**
 * What an insider makes who can use the transcript-signing key during the ceremony, before the
 * signing step destroys it (issue 19, part 1), and, for the certificate cases, the root key:
 * transcripts whose pages, attachments or signature disagree with the genuine embedded log, each
 * signed properly with the genuine signing key so that the signature itself verifies, under the
 * genuine root. The re-encoded signatures (high-S, BER, lower-case hex, an extra certificate)
 * need no key at all: anyone holding the genuine file can make them.
 *
 * <p>Given a genuine signed transcript and its {@link TestPki} (the keys stand in for the HSM's).
 */
final class InsiderForgeries {
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private final byte[] genuine;
    private final TestPki pki;
    private final byte[] unsigned;
    private final Instant signedAt;
    private final String signerName;
    private final String reason;
    private final List<Event> events;
    private final String scriptText;
    private final List<Attachment> attachments;
    private final TranscriptContent content;

    InsiderForgeries(byte[] genuine, TestPki pki) throws Exception {
        this.genuine = genuine.clone();
        this.pki = pki;
        this.unsigned = Arrays.copyOf(genuine, TamperCorpus.firstRevisionEnd(genuine));
        try (PDDocument doc = Loader.loadPDF(genuine)) {
            PDSignature sig = doc.getLastSignatureDictionary();
            signedAt = sig.getSignDate().toInstant();
            signerName = sig.getName();
            reason = sig.getReason();
            attachments = attachments(doc);
        }
        byte[] log = attachment(Attachment.EVENT_LOG).bytes();
        events = EventLogVerifier.verify(log).events();
        scriptText = new String(attachment(Attachment.SCRIPT).bytes(), StandardCharsets.UTF_8);
        content = TranscriptFacts.fromEvents(events, scriptText);
    }

    /** Every forgery by name, in the order of issue 19's list. */
    Map<String, byte[]> all() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        String rootSha = SyntheticCeremony.sha(pki.root());
        m.put("white-box-over-root-fingerprint", whiteBox(rootSha, false, "0badc0ffee0ddf00".repeat(4)));
        m.put("white-box-over-air-gap-result", whiteBox("passed: no network interface up besides loopback", false,
                "FAILED: eth0 was up"));
        // The share table is the last place share 2's commitment is printed (the library hash looks alike).
        m.put("white-box-over-share-commitment", whiteBox("2".repeat(30), true, "f".repeat(30)));
        m.put("facts-only-as-invisible-text", invisibleFacts(rootSha.substring(0, 16)));
        m.put("tiny-crop-box", tinyCropBox(rootSha.substring(0, 16)));
        m.put("bag-serial-swapped", rendered(c -> withInventory(c, "88120442", "88120443")));
        m.put("witness-name-swapped", rendered(c -> withParticipant(c, "Walter Witness", "Mallory Witness")));
        m.put("software-hash-swapped", rendered(c -> withIdentification(c, "ab".repeat(32), null)));
        m.put("hsm-serial-swapped", rendered(c -> withIdentification(c, null, "ffffffffffffffff")));
        m.put("rehearsal-mark-removed", rendered(InsiderForgeries::notRehearsal));
        m.put("exception-hidden", rendered(c -> new TranscriptContent(c.cover(), c.inventory(), c.participants(),
                c.identification(), c.airGap(), c.steps(), List.of(), c.keys(), c.certificates(), c.shares(),
                c.backups(), c.zeroization(), c.scriptText(), c.finalLogHash())));
        m.put("extra-page", signed(edited(this::extraPage)));
        m.put("unsigned-signature-field-painting-over-the-page", unsignedFieldInSigningRevision(rootSha.substring(0, 16)));
        m.put("page-level-javascript", signed(edited(InsiderForgeries::pageJavaScript)));
        m.put("embedded-script-changed", withAttachments(a -> replaced(a, Attachment.SCRIPT,
                ("# step 3.5 skipped by agreement\n" + scriptText).getBytes(StandardCharsets.UTF_8))));
        m.put("embedded-root-pem-changed", withAttachments(a -> replaced(a, "root-certificate.pem",
                SyntheticCeremony.pem(TestPki.create("Mallory Root").root()).getBytes(StandardCharsets.US_ASCII))));
        m.put("extra-attachment", withAttachments(a -> {
            List<Attachment> more = new ArrayList<>(a);
            more.add(new Attachment("addendum.txt", "text/plain", "Addendum", Attachment.Relationship.SUPPLEMENT,
                    "The backup was also copied to /media/usb3.".getBytes(StandardCharsets.UTF_8)));
            return more;
        }));
        m.put("log-cut-before-backup", logCutBefore("write-backup"));
        m.put("cms-sha1", signed(unsigned, TranscriptSigner.withContentSigner(
                new JcaContentSignerBuilder("SHA1withECDSA").build(pki.signerKey().getPrivate()), pki.signer(), pki.root())));
        m.put("cms-md5", md5Digest());
        m.put("signer-rsa-512", withSigner(rsaKey(512), false));
        m.put("signer-unknown-critical-extension", withSigner(TestPki.ecKey(), true));
        m.put("cms-high-s", ReencodedSignatures.highS(genuine));
        m.put("cms-ber-indefinite-length", ReencodedSignatures.berIndefinite(genuine));
        m.put("contents-lower-case-hex", ReencodedSignatures.lowerCaseHex(genuine));
        m.put("cms-extra-certificate", ReencodedSignatures.extraCertificate(genuine,
                TestPki.create("Mallory Root").root()));
        return m;
    }

    // ---- pages drawn over, hidden or cut (the unsigned revision edited, saved whole, signed again)

    /** A white box over the first (or last) place {@code printed} appears, and {@code instead} drawn on it. */
    private byte[] whiteBox(String printed, boolean last, String instead) throws Exception {
        return signed(edited(doc -> {
            Spot at = locate(doc, printed, last);
            PDPage page = doc.getPage(at.page());
            PDFont font = font(doc);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true,
                    true)) {
                cs.setNonStrokingColor(1f, 1f, 1f);
                cs.addRect(at.x() - 1, at.y() - at.height() * 0.3f, at.width() + 2, at.height() * 1.3f);
                cs.fill();
                cs.setNonStrokingColor(0f, 0f, 0f);
                cs.beginText();
                cs.setFont(font, at.height());
                cs.newLineAtOffset(at.x(), at.y());
                cs.showText(instead);
                cs.endText();
            }
        }));
    }

    /** The page that prints {@code printed}: its content in render mode 3 (invisible, still extracted), other text visible. */
    private byte[] invisibleFacts(String printed) throws Exception {
        return signed(edited(doc -> {
            Spot at = locate(doc, printed);
            PDPage page = doc.getPage(at.page());
            COSArray contents = new COSArray();
            contents.add(stream(doc, "q 3 Tr\n"));
            COSBase old = page.getCOSObject().getDictionaryObject(COSName.CONTENTS);
            if (old instanceof COSArray array) {
                array.forEach(contents::add);
            } else {
                contents.add(old);
            }
            contents.add(stream(doc, "\nQ\n"));
            page.getCOSObject().setItem(COSName.CONTENTS, contents);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true,
                    true)) {
                cs.beginText();
                cs.setFont(font(doc), 10);
                cs.newLineAtOffset(60, 700);
                cs.showText("Root certificate SHA-256 fingerprint: 0badc0ffee0ddf00 (see appendix)");
                cs.endText();
            }
        }));
    }

    /** The page that prints {@code printed} cropped to a point: the facts stay in the file, nobody sees them. */
    private byte[] tinyCropBox(String printed) throws Exception {
        return signed(edited(doc -> doc.getPage(locate(doc, printed).page()).setCropBox(new PDRectangle(0, 0, 1, 1))));
    }

    /** One more page, with the footer's final hash so it looks like the others. */
    private void extraPage(PDDocument doc) throws IOException {
        PDPage page = new PDPage(doc.getPage(0).getMediaBox());
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.beginText();
            cs.setFont(font(doc), 10);
            cs.newLineAtOffset(60, 760);
            cs.showText("Addendum: the root key was also exported to /media/usb3 by agreement of all present.");
            cs.newLineAtOffset(0, -700);
            cs.showText(PageDecoration.HASH_LABEL + " " + content.finalLogHash());
            cs.endText();
        }
    }

    /** A page-level open action with JavaScript (only document-level actions were looked at). */
    private static void pageJavaScript(PDDocument doc) {
        PDPageAdditionalActions actions = new PDPageAdditionalActions();
        actions.setO(new PDActionJavaScript("app.alert('This transcript is valid.');"));
        doc.getPage(0).setActions(actions);
    }

    /**
     * An unsigned signature field whose widget paints a white box and another value over the root
     * fingerprint, added in the same incremental update as the signature (signature widgets passed
     * the hidden-content check).
     */
    private byte[] unsignedFieldInSigningRevision(String printed) throws Exception {
        return signWith(unsigned, doc -> {
            Spot at = locate(doc, printed);
            PDPage page = doc.getPage(at.page());
            PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
            if (form == null) {
                form = new PDAcroForm(doc);
                doc.getDocumentCatalog().setAcroForm(form);
            }
            PDSignatureField field = new PDSignatureField(form);
            field.setPartialName("Approval");
            PDAnnotationWidget widget = field.getWidgets().get(0);
            PDRectangle box = new PDRectangle(at.x() - 1, at.y() - at.height() * 0.3f, at.width() + 2, at.height() * 1.3f);
            widget.setRectangle(box);
            widget.setPage(page);
            widget.setPrinted(true);
            PDAppearanceStream appearance = new PDAppearanceStream(doc);
            appearance.setBBox(new PDRectangle(box.getWidth(), box.getHeight()));
            appearance.setResources(new PDResources());
            try (PDPageContentStream cs = new PDPageContentStream(doc, appearance)) {
                cs.setNonStrokingColor(1f, 1f, 1f);
                cs.addRect(0, 0, box.getWidth(), box.getHeight());
                cs.fill();
                cs.setNonStrokingColor(0f, 0f, 0f);
                cs.beginText();
                cs.setFont(font(doc), at.height());
                cs.newLineAtOffset(1, at.height() * 0.3f);
                cs.showText("0badc0ffee0ddf00");
                cs.endText();
            }
            PDAppearanceDictionary ap = new PDAppearanceDictionary();
            ap.setNormalAppearance(appearance);
            widget.setAppearance(ap);
            page.getAnnotations().add(widget);
            form.getFields().add(field);
            page.getCOSObject().setNeedToBeUpdated(true);
            form.getCOSObject().setNeedToBeUpdated(true);
            doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
        }, this::genuineCms);
    }

    // ---- pages rendered by the genuine renderer from edited content, the genuine log embedded

    private byte[] rendered(UnaryOperator<TranscriptContent> edit) throws Exception {
        return signed(TranscriptRenderer.render(edit.apply(content), attachments, signedAt));
    }

    private static TranscriptContent withInventory(TranscriptContent c, String from, String to) {
        List<TranscriptContent.InventoryItem> items = c.inventory().stream().map(i -> i.identifier().equals(from)
                ? new TranscriptContent.InventoryItem(i.kind(), to, i.note()) : i).toList();
        require(!items.equals(c.inventory()), "inventory item " + from);
        return new TranscriptContent(c.cover(), items, c.participants(), c.identification(), c.airGap(), c.steps(),
                c.deviations(), c.keys(), c.certificates(), c.shares(), c.backups(), c.zeroization(), c.scriptText(),
                c.finalLogHash());
    }

    private static TranscriptContent withParticipant(TranscriptContent c, String from, String to) {
        List<TranscriptContent.Participant> people = c.participants().stream().map(p -> p.name().equals(from)
                ? new TranscriptContent.Participant(to, p.role()) : p).toList();
        require(!people.equals(c.participants()), "participant " + from);
        return new TranscriptContent(c.cover(), c.inventory(), people, c.identification(), c.airGap(), c.steps(),
                c.deviations(), c.keys(), c.certificates(), c.shares(), c.backups(), c.zeroization(), c.scriptText(),
                c.finalLogHash());
    }

    /** The software hash or the (first) HSM's serial replaced; null keeps it. */
    private static TranscriptContent withIdentification(TranscriptContent c, String softwareSha256, String hsmSerial) {
        TranscriptContent.Identification id = c.identification();
        List<TranscriptContent.HsmIdentity> hsms = new ArrayList<>(id.hsms());
        if (hsmSerial != null) {
            TranscriptContent.HsmIdentity h = hsms.get(0);
            hsms.set(0, new TranscriptContent.HsmIdentity(h.tokenLabel(), h.manufacturer(), h.model(), hsmSerial,
                    h.firmware(), h.libraryPath(), h.librarySha256()));
        }
        TranscriptContent.Identification forged = new TranscriptContent.Identification(id.softwareVersion(),
                softwareSha256 == null ? id.softwareSha256() : softwareSha256, id.jdk(), id.os(), id.scriptName(),
                id.scriptVersion(), id.scriptSha256(), hsms);
        return new TranscriptContent(c.cover(), c.inventory(), c.participants(), forged, c.airGap(), c.steps(),
                c.deviations(), c.keys(), c.certificates(), c.shares(), c.backups(), c.zeroization(), c.scriptText(),
                c.finalLogHash());
    }

    private static TranscriptContent notRehearsal(TranscriptContent c) {
        TranscriptContent.Cover v = c.cover();
        require(v.rehearsal(), "a rehearsal");
        TranscriptContent.Cover cover = new TranscriptContent.Cover(v.kind(), v.ceremonyId(), v.objectives(),
                v.approvalReference(), v.date(), v.place(), v.timeZone(), v.start(), v.end(), v.outcome(), false);
        return new TranscriptContent(cover, c.inventory(), c.participants(), c.identification(), c.airGap(), c.steps(),
                c.deviations(), c.keys(), c.certificates(), c.shares(), c.backups(), c.zeroization(), c.scriptText(),
                c.finalLogHash());
    }

    // ---- attachments and the log

    private byte[] withAttachments(UnaryOperator<List<Attachment>> edit) throws Exception {
        return signed(TranscriptRenderer.render(content, edit.apply(attachments), signedAt));
    }

    private static List<Attachment> replaced(List<Attachment> all, String name, byte[] bytes) {
        require(all.stream().anyMatch(a -> a.name().equals(name)), "attachment " + name);
        return all.stream().map(a -> a.name().equals(name)
                ? new Attachment(a.name(), a.mimeType(), a.description(), a.relationship(), bytes) : a).toList();
    }

    /**
     * The log cut just before the step whose action is {@code action} begins: its chain still
     * verifies (a prefix of a chain is a chain), the genuine renderer draws it ("interrupted"), the
     * genuine key signs it.
     */
    private byte[] logCutBefore(String action) throws Exception {
        int cut = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type().equals("step-begin") && action.equals(events.get(i).data().get("action"))) {
                cut = i;
                break;
            }
        }
        require(cut > 0, "a step " + action);
        List<Event> kept = events.subList(0, cut);
        StringBuilder jsonl = new StringBuilder();
        kept.forEach(e -> jsonl.append(e.toJsonLine()).append('\n'));
        byte[] log = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        require(EventLogVerifier.verify(log).valid(), "a cut log that verifies");
        return signed(TranscriptRenderer.render(TranscriptFacts.fromEvents(kept, scriptText),
                replaced(attachments, Attachment.EVENT_LOG, log), signedAt));
    }

    // ---- the signature's algorithms and the signer's certificate

    /** A CMS whose message digest is MD5 (the signature over the attributes stays ECDSA with SHA-384). */
    private byte[] md5Digest() throws Exception {
        return signWith(unsigned, doc -> { }, data -> {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setContentDigest(new AlgorithmIdentifier(PKCSObjectIdentifiers.md5, DERNull.INSTANCE))
                    .setSignedAttributeGenerator(TranscriptSigner.padesAttributes(pki.signer()))
                    .build(EcdsaValue.lowS(new JcaContentSignerBuilder(TranscriptSigner.signatureAlgorithm(pki.signer()))
                            .build(pki.signerKey().getPrivate()), pki.signer()), pki.signer()));
            generator.addCertificates(new JcaCertStore(List.of(pki.signer(), pki.root())));
            return generator.generate(new CMSProcessableByteArray(data), false).toASN1Structure()
                    .getEncoded(ASN1Encoding.DER);
        });
    }

    /**
     * A transcript-signing certificate made with the root key for {@code key} (the genuine signer's
     * subject and validity; {@code unknownCritical} adds a critical private extension), a log
     * re-chained to record it as the ceremony's signer, its pages rendered, signed with {@code key}.
     */
    private byte[] withSigner(KeyPair key, boolean unknownCritical) throws Exception {
        X509Certificate cert = issue(key, unknownCritical);
        List<Event> forged = rechained(e -> {
            if (!e.type().equals("step-end") || !(e.data().get("facts") instanceof Map<?, ?> facts)
                    || !SyntheticCeremony.sha(pki.signer()).equals(facts.get("sha256"))) {
                return e.data();
            }
            Map<String, Object> f = new LinkedHashMap<>(Facts.of(facts).map());
            f.put("sha256", SyntheticCeremony.sha(cert));
            f.put("pem", SyntheticCeremony.pem(cert));
            f.put("spkiSha256", SyntheticCeremony.spki(cert));
            f.put("serial", cert.getSerialNumber().toString(16));
            Map<String, Object> data = new LinkedHashMap<>(e.data());
            data.put("facts", f);
            return data;
        });
        StringBuilder jsonl = new StringBuilder();
        forged.forEach(e -> jsonl.append(e.toJsonLine()).append('\n'));
        byte[] page = TranscriptRenderer.render(TranscriptFacts.fromEvents(forged, scriptText),
                replaced(attachments, Attachment.EVENT_LOG, jsonl.toString().getBytes(StandardCharsets.UTF_8)), signedAt);
        return TranscriptSigner.withKey(key.getPrivate(), null, cert, pki.root()).sign(page, signedAt, signerName, reason);
    }

    private X509Certificate issue(KeyPair key, boolean unknownCritical) throws Exception {
        X509Certificate genuineSigner = pki.signer();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(pki.root(),
                genuineSigner.getSerialNumber().add(BigInteger.ONE), genuineSigner.getNotBefore(),
                genuineSigner.getNotAfter(), X500Name.getInstance(genuineSigner.getSubjectX500Principal().getEncoded()),
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                KeyPurposeId.getInstance(new ASN1ObjectIdentifier(ChainChecks.DOCUMENT_SIGNING))));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(pki.root()));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        if (unknownCritical) {
            // A private extension whose meaning a relying party cannot know ("valid only for rehearsals", say).
            b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.19.1"), true, new DEROctetString(new byte[] {1}));
        }
        String algorithm = pki.root().getPublicKey() instanceof ECPublicKey ? "SHA384withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(algorithm).build(pki.rootKey().getPrivate())));
    }

    /** The genuine events with their data edited and every hash recomputed: a log that verifies. */
    private List<Event> rechained(java.util.function.Function<Event, Map<String, Object>> edit) {
        List<Event> out = new ArrayList<>();
        String prev = Event.GENESIS;
        for (Event e : events) {
            Event next = Event.next(e.seq(), e.time(), e.type(), e.step(), e.actor(), edit.apply(e), prev);
            out.add(next);
            prev = next.hash();
        }
        return out;
    }

    private static KeyPair rsaKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    // ---- signing, as the product does it

    private interface DocumentEdit {
        void apply(PDDocument doc) throws Exception;
    }

    private interface CmsMaker {
        byte[] make(byte[] signedBytes) throws Exception;
    }

    /** The unsigned revision edited and saved whole: what an insider would sign. */
    private byte[] edited(DocumentEdit edit) throws Exception {
        try (PDDocument doc = Loader.loadPDF(unsigned)) {
            edit.apply(doc);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** {@code pdf} signed by the genuine transcript-signing key through {@link TranscriptSigner}. */
    private byte[] signed(byte[] pdf) throws Exception {
        return signed(pdf, TranscriptSigner.withKey(pki.signerKey().getPrivate(), null, pki.signer(), pki.root()));
    }

    private byte[] signed(byte[] pdf, TranscriptSigner signer) throws Exception {
        return signer.sign(pdf, signedAt, signerName, reason);
    }

    /** The CMS TranscriptSigner makes with the genuine key. */
    private byte[] genuineCms(byte[] data) throws Exception {
        PrivateKey key = pki.signerKey().getPrivate();
        return TranscriptSigner.cms(EcdsaValue.lowS(new JcaContentSignerBuilder(
                TranscriptSigner.signatureAlgorithm(pki.signer())).build(key), pki.signer()), java.util.List.of(pki.signer(), pki.root()), data);
    }

    /**
     * TranscriptSigner's steps (same dictionary, same reserved size, one incremental update),
     * with {@code edit} applied to the document first and {@code cms} making the signature.
     */
    private byte[] signWith(byte[] pdf, DocumentEdit edit, CmsMaker cms) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            edit.apply(document);
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(signerName);
            signature.setReason(reason);
            Calendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(signedAt.toEpochMilli());
            signature.setSignDate(when);
            options.setPreferredSignatureSize(TranscriptSigner.RESERVED);
            document.addSignature(signature, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            byte[] data;
            try (InputStream content = external.getContent()) {
                data = content.readAllBytes();
            }
            external.setSignature(cms.make(data));
            return out.toByteArray();
        }
    }

    // ---- reading the genuine file

    private Attachment attachment(String name) {
        return attachments.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the genuine transcript embeds no " + name));
    }

    /** The embedded files in the order the renderer embedded them. */
    private static List<Attachment> attachments(PDDocument doc) throws IOException {
        List<Attachment> out = new ArrayList<>();
        Map<String, PDComplexFileSpecification> names = doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames();
        COSArray af = (COSArray) doc.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.getPDFName("AF"));
        for (int i = 0; i < af.size(); i++) {
            String name = ((org.apache.pdfbox.cos.COSDictionary) af.getObject(i)).getString(COSName.UF);
            PDComplexFileSpecification spec = names.get(name);
            byte[] bytes;
            try (InputStream in = spec.getEmbeddedFile().createInputStream()) {
                bytes = in.readAllBytes();
            }
            String relationship = spec.getCOSObject().getNameAsString(COSName.getPDFName("AFRelationship"));
            Attachment.Relationship r = Arrays.stream(Attachment.Relationship.values())
                    .filter(x -> x.pdfName().equals(relationship)).findFirst().orElseThrow();
            out.add(new Attachment(name, spec.getEmbeddedFile().getSubtype(), spec.getFileDescription(), r, bytes));
        }
        return out;
    }

    private record Spot(int page, float x, float y, float width, float height) {
    }

    private static Spot locate(PDDocument doc, String text) throws IOException {
        return locate(doc, text, false);
    }

    /**
     * Where {@code text} is first (or last) printed: page index and its box in PDF coordinates
     * (baseline at y, height the font size).
     */
    private static Spot locate(PDDocument doc, String text, boolean last) throws IOException {
        Spot spot = null;
        for (int p = 0; p < doc.getNumberOfPages() && (spot == null || last); p++) {
            List<TextPosition> found = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String line, List<TextPosition> positions) {
                    if (!found.isEmpty() && !last) {
                        return;
                    }
                    StringBuilder chars = new StringBuilder();
                    List<TextPosition> owner = new ArrayList<>();
                    for (TextPosition tp : positions) {
                        for (int k = 0; k < tp.getUnicode().length(); k++) {
                            chars.append(tp.getUnicode().charAt(k));
                            owner.add(tp);
                        }
                    }
                    int at = chars.indexOf(text);
                    if (at >= 0) {
                        found.clear();
                        found.addAll(owner.subList(at, at + text.length()));
                    }
                }
            };
            stripper.setStartPage(p + 1);
            stripper.setEndPage(p + 1);
            stripper.getText(doc);
            if (!found.isEmpty()) {
                float height = doc.getPage(p).getMediaBox().getHeight();
                TextPosition first = found.get(0);
                TextPosition end = found.get(found.size() - 1);
                float x = first.getXDirAdj();
                spot = new Spot(p, x, height - first.getYDirAdj(), end.getXDirAdj() + end.getWidthDirAdj() - x,
                        first.getFontSizeInPt());
            }
        }
        if (spot == null) {
            throw new IllegalStateException("the genuine transcript does not print " + text);
        }
        return spot;
    }

    private static PDFont font(PDDocument doc) throws IOException {
        try (InputStream in = PDDocument.class.getResourceAsStream(FONT)) {
            return PDType0Font.load(doc, in);
        }
    }

    private static COSStream stream(PDDocument doc, String operators) throws IOException {
        COSStream s = doc.getDocument().createCOSStream();
        try (var os = s.createOutputStream()) {
            os.write(operators.getBytes(StandardCharsets.US_ASCII));
        }
        return s;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("the genuine transcript lacks " + what + "; the forgery cannot be made");
        }
    }
}
