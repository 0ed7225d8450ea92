package org.keyceremony.transcript;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.verapdf.core.EncryptedPdfException;
import org.verapdf.core.ModelParsingException;
import org.verapdf.core.ValidationException;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/** Poppler's pdfsig, qpdf and veraPDF, run on a file; none of them is our code. */
public final class IndependentJudges {
    private static boolean veraReady;

    private IndependentJudges() {
    }

    /** The result of running a tool: exit code and everything it printed. */
    record Run(int exit, String output) {
    }

    static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }

    /** pdfsig's verdict on the (only) signature: "Signature is Valid." or something else. */
    static String pdfsigVerdict(Path file) throws IOException, InterruptedException {
        Run r = run("pdfsig", file.toString());
        return r.output().lines().filter(l -> l.contains("Signature Validation:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
                .orElse("no signature (exit " + r.exit() + "): " + r.output().strip());
    }

    static Run qpdfCheck(Path file) throws IOException, InterruptedException {
        return run("qpdf", "--check", file.toString());
    }

    /** veraPDF's PDF/A-3B failures; empty when compliant (also the ledger's status report's judge). */
    public static synchronized List<String> veraPdfFailures(byte[] pdf)
            throws ModelParsingException, EncryptedPdfException, ValidationException, IOException {
        if (!veraReady) {
            VeraGreenfieldFoundryProvider.initialise();
            veraReady = true;
        }
        try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf), PDFAFlavour.PDFA_3_B);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_3_B, false)) {
            ValidationResult result = validator.validate(parser);
            if (result.isCompliant()) {
                return List.of();
            }
            return result.getTestAssertions().stream().filter(a -> a.getStatus() != TestAssertion.Status.PASSED)
                    .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage())
                    .distinct().collect(Collectors.toList());
        }
    }
}
