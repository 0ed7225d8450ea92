package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.ReturnCode;

import picocli.CommandLine;

/** A failure on the terminal: the sentence for people, and the PKCS#11 code on a line of its own. */
class ErrorHandlerTest {
    @Test
    void aTokensRefusalPrintsItsPkcs11CodeOnADetailLineBelowTheSentence() {
        StringWriter err = new StringWriter();
        CommandLine cl = CeremonyCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));

        int code = new ErrorHandler().handleExecutionException(new HsmException("Could not log in on token 'hsm': the "
                + "HSM's user PIN was not accepted. Ask the administrator to type it again, slowly.",
                ReturnCode.PIN_INCORRECT, null), cl, null);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ceremony: Could not log in on token 'hsm': the HSM's user PIN was not "
                + "accepted. Ask the administrator to type it again, slowly.\n  (PKCS#11 return code: CKR_PIN_INCORRECT (0xa0))\n");
    }
}
