package org.keyceremony.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ceremony hsm list [--module LIB]}: every token of a PKCS#11 module, as an inventory sheet wants it. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the tokens of a PKCS#11 module: slot, label, manufacturer, model, serial, firmware, "
                + "flags and the mechanisms a ceremony needs.%nWithout --module, well-known SoftHSM2 and OpenSC "
                + "locations are tried and the one used is named.")
final class HsmListCommand implements Callable<Integer> {
    @Option(names = "--module", paramLabel = "LIB", description = "Path of the PKCS#11 library (.so).")
    Path module;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where auto-detection looks; a field so that a test can point it elsewhere. */
    List<Path> candidates = Pkcs11Module.WELL_KNOWN_PATHS;

    @Override
    public Integer call() throws HsmException {
        PrintWriter out = spec.commandLine().getOut();
        Path path;
        String how;
        if (module != null) {
            path = module;
            how = "given with --module";
        } else {
            Optional<Path> found = candidates.stream().filter(p -> p.toFile().isFile()).findFirst();
            if (found.isEmpty()) {
                throw new HsmException("No PKCS#11 module found. Looked for SoftHSM2 and OpenSC at: "
                        + candidates + ". Install one (Debian: apt install softhsm2 opensc) or name the HSM "
                        + "vendor's library with --module /path/to/library.so.");
            }
            path = found.get();
            how = "auto-detected " + vendorOf(path) + " at a well-known path";
        }
        Pkcs11Module p11 = Pkcs11Module.open(path);
        List<TokenInfo> tokens = p11.tokens();
        out.println("Module: " + path + " (" + how + ")");
        if (!p11.path().equals(path.toAbsolutePath())) {
            out.println("        resolves to " + p11.path());
        }
        long initialised = tokens.stream().filter(t -> t.flags().initialized()).count();
        out.println("Tokens: " + initialised + " initialised, " + (tokens.size() - initialised) + " empty");
        for (TokenInfo t : tokens) {
            out.println();
            if (!t.flags().initialized()) {
                out.println("Slot " + t.slotId() + ": empty token (not initialised)");
                continue;
            }
            out.println("Slot " + t.slotId());
            out.println("  Label:        " + t.label());
            out.println("  Manufacturer: " + t.manufacturer());
            out.println("  Model:        " + t.model());
            out.println("  Serial:       " + t.serial());
            out.println("  Firmware:     " + t.firmwareVersion() + " (hardware " + t.hardwareVersion() + ")");
            out.println("  Flags:        " + t.flags().describe());
            out.println("  Mechanisms:   " + t.mechanisms().describe());
        }
        out.flush();
        return 0;
    }

    private static String vendorOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.contains("softhsm")) {
            return "SoftHSM2";
        }
        return name.contains("opensc") ? "OpenSC" : "library";
    }
}
