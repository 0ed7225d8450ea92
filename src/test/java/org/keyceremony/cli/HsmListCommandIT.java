package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import picocli.CommandLine;

@ExtendWith(SoftHsmExtension.class)
class HsmListCommandIT {

    @Test
    void listsBothTokensWithLabelsAndSerials(SoftHsmWorld world) {
        TestToken hsm = world.createToken("rehearsal-hsm");
        TestToken card = world.createToken("card");

        Result r = run("hsm", "list", "--module", SoftHsmWorld.LIBRARY.toString());

        assertThat(r.exit).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).startsWith("Module: " + SoftHsmWorld.LIBRARY + " (given with --module)\n")
                .contains("Tokens: 2 initialised, 1 empty")
                .contains("  Label:        " + hsm.label() + "\n")
                .contains("  Serial:       " + hsm.serial() + "\n")
                .contains("  Label:        " + card.label() + "\n")
                .contains("  Serial:       " + card.serial() + "\n")
                .contains("  Manufacturer: SoftHSM project")
                .contains("  Model:        SoftHSM v2")
                .containsPattern("  Firmware:     \\d+\\.\\d+ \\(hardware \\d+\\.\\d+\\)")
                .contains("  Flags:        initialised, login required, user PIN set")
                .contains("  Mechanisms:   RSA keygen yes, EC keygen yes, RFC 5649 wrap CKM_AES_KEY_WRAP_PAD")
                .contains("empty token (not initialised)");
    }

    @Test
    void withoutModuleSaysWhichWellKnownLibraryItUsed(SoftHsmWorld world) {
        assertThat(world.configFile()).exists(); // the world's configuration, no token of its own
        Result r = run("hsm", "list");
        assertThat(r.exit).isZero();
        assertThat(r.out).startsWith("Module: " + SoftHsmWorld.LIBRARY
                + " (auto-detected SoftHSM2 at a well-known path)");
    }

    @Test
    void aMissingModuleIsExitOneWithAClearMessage() {
        Result r = run("hsm", "list", "--module", "/nonexistent/lib.so");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("ceremony: No PKCS#11 library at /nonexistent/lib.so.").doesNotContain("\tat ");
    }

    @Test
    void noModuleFoundAnywhereIsExitOneNamingWhereItLooked() {
        HsmListCommand command = new HsmListCommand();
        command.candidates = List.of(Path.of("/nonexistent/libsofthsm2.so"));
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        assertThat(cl.execute()).isEqualTo(1);
        assertThat(err.toString()).startsWith("ceremony: No PKCS#11 module found. Looked for SoftHSM2 and OpenSC at: "
                + "[/nonexistent/libsofthsm2.so]").contains("--module");
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = CeremonyCommand.execute(args);
            System.out.flush();
            System.err.flush();
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private record Result(int exit, String out, String err) {
    }
}
