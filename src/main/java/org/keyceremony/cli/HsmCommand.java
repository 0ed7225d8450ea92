package org.keyceremony.cli;

import picocli.CommandLine.Command;

/** {@code ceremony hsm …}: look at PKCS#11 modules and tokens. */
@Command(name = "hsm", mixinStandardHelpOptions = true, description = "Inspect PKCS#11 modules and tokens.",
        subcommands = {HsmListCommand.class})
final class HsmCommand {
}
