package org.keyceremony.ceremony.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.keyceremony.base.InvalidInputException;

/**
 * The backup package reader (a signed CMS structure, read in a restore and by
 * {@code ceremony verify}) against any bytes; it also exercises the certificate reader on the
 * root and signer certificates a package carries. Seeds: the package of a genuine rehearsal
 * ({@code genuine-*}), that package cut short, with bytes appended, twice, with its outer
 * content type flipped (the OID the earlier property test found accepted), with its inner content
 * type or its signed content changed, PEM-armoured, and its signed JSON without the CMS wrapper.
 */
class BackupPackageFuzzTest {
    private static final String SEEDS = "BackupPackageFuzzTestInputs/opensOnlyTheGenuineContent/";
    /** What the genuine packages say: an opened package must say exactly one of these. */
    private static final List<String> GENUINE = List.of(contentOf("genuine-rehearsal.kcbackup"));

    /**
     * Opened only with the content of a genuine package (Bouncy Castle reads BER, which leaves a
     * few encoding details outside the signature free: such a variant must say exactly what the
     * genuine package says), else refused with an {@link InvalidInputException} and a message;
     * never another exception or a hang. A package holds no secret in the clear (its key is
     * wrapped), and no message quotes its content.
     */
    @FuzzTest
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/cms.dict")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void opensOnlyTheGenuineContent(byte[] file) {
        try {
            BackupMetadata opened = BackupPackage.open(file);
            assertThat(GENUINE).as("an opened package says what a genuine one says").contains(everything(opened));
        } catch (InvalidInputException refused) {
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("{\"").doesNotContain("BEGIN CERTIFICATE");
        }
    }

    @Test
    void theGenuinePackagesOpen() {
        assertThat(GENUINE).allSatisfy(content -> assertThat(content).contains("keyLabel="));
    }

    /** Every component of the metadata, arrays by content (a record's toString may hide some). */
    static String everything(Record r) {
        StringBuilder sb = new StringBuilder();
        for (var c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            sb.append(c.getName()).append('=').append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : v).append(';');
        }
        return sb.toString();
    }

    private static String contentOf(String seed) {
        try (InputStream in = BackupPackageFuzzTest.class.getResourceAsStream(SEEDS + seed)) {
            return everything(BackupPackage.open(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("the genuine package " + seed + " does not open: " + e.getMessage(), e);
        }
    }
}
