package org.keyceremony.ceremony.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.Json;

/**
 * The backup package of the committed sample rehearsal (transcripts/samples/) against its
 * specification in docs/formats.md, "Backup package": our reader opens it, openssl verifies
 * it with the documented command, the signed content is canonical JSON, and the documented
 * example has exactly the fields of a real package.
 */
class BackupPackageFormatTest {
    static final Path BASE = Path.of(System.getProperty("keyceremony.test.basedir", "."));
    static final Path SAMPLES = BASE.resolve("transcripts/samples");

    @TempDir
    Path dir;

    static Path samplePackage() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".kcbackup")).findFirst().orElseThrow();
        }
    }

    record Run(int exit, String output) {
    }

    static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theSamplePackageOpensAndBelongsToItsRootAndCeremony() throws Exception {
        Path file = samplePackage();
        BackupMetadata m = BackupPackage.open(Files.readAllBytes(file));
        assertThat(file.getFileName().toString()).isEqualTo(m.keyLabel() + "-backup-" + m.ceremonyId() + ".kcbackup");
        assertThat(Files.exists(SAMPLES.resolve("transcript-" + m.ceremonyId() + ".pdf"))).isTrue();
        X509Certificate root;
        try (var in = Files.newInputStream(SAMPLES.resolve("root-ca.pem"))) {
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(m.spkiSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(root.getPublicKey().getEncoded())));
        assertThat(m.rehearsal()).isTrue();
        assertThat(m.threshold()).isEqualTo(3);
        assertThat(m.shareRecords()).hasSize(5);
    }

    @Test
    void opensslVerifiesItWithTheDocumentedCommandAndTheContentIsCanonicalJson() throws Exception {
        String doc = Files.readString(BASE.resolve("docs/formats.md"));
        assertThat(doc).contains("## Backup package", "openssl cms -verify -inform DER -in root-ca-backup-ID.kcbackup "
                + "-CAfile root-ca.pem -purpose any -out meta.json");
        Path meta = dir.resolve("meta.json");
        Run ok = run("openssl", "cms", "-verify", "-inform", "DER", "-in", samplePackage().toString(),
                "-CAfile", SAMPLES.resolve("root-ca.pem").toString(), "-purpose", "any", "-out", meta.toString());
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("CMS Verification successful");
        byte[] content = Files.readAllBytes(meta);
        assertThat(Json.canonicalBytes(Json.parseObject(new String(content, StandardCharsets.UTF_8)))).isEqualTo(content);

        // Why the documented command says -purpose any: the signer's EKU is document signing.
        Run strict = run("openssl", "cms", "-verify", "-inform", "DER", "-in", samplePackage().toString(),
                "-CAfile", SAMPLES.resolve("root-ca.pem").toString(), "-out", dir.resolve("x.json").toString());
        assertThat(strict.exit()).isNotZero();
        assertThat(strict.output()).contains("unsuitable certificate purpose");
    }

    @Test
    void theDocumentedExampleHasExactlyTheFieldsOfARealPackage() throws Exception {
        String doc = Files.readString(BASE.resolve("docs/formats.md"));
        String section = doc.substring(doc.indexOf("## Backup package"));
        String example = section.substring(section.indexOf("```json\n") + 8, section.indexOf("```\n", section.indexOf("```json")));
        Map<String, Object> documented = Json.parseObject(example);
        Map<String, Object> real = BackupPackage.toJson(BackupPackage.open(Files.readAllBytes(samplePackage())));
        TreeSet<String> expected = paths(Json.parseObject(Json.canonical(real)), "");
        // The documented example is a version 2 package; a sample made before it lacks only the exact length.
        assertThat(documented.get("version")).isEqualTo(BackupPackage.VERSION);
        if (real.get("version").equals(1L)) {
            expected.add("wrap.plaintextLength");
        }
        assertThat(paths(documented, "")).isEqualTo(expected);
        for (String field : expected) {
            // A record's fields are named by their own name in the records[] row.
            String name = field.contains("[].") ? field.substring(field.indexOf("[].") + 3) : field;
            assertThat(section).as("the table names " + field).contains("`" + name + "`");
        }
    }

    /** Dotted field paths of a JSON object; records[] stands for the list's objects (the first one). */
    @SuppressWarnings("unchecked")
    static TreeSet<String> paths(Map<String, ?> o, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, ?> e : o.entrySet()) {
            String p = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                out.addAll(paths((Map<String, ?>) m, p + "."));
            } else if (e.getValue() instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> first) {
                out.add(p + "[]");
                paths((Map<String, ?>) first, "").forEach(k -> out.add(p + "[]." + k));
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
