package org.keyceremony.cli;

import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.InvalidInputException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a real ceremony's HSM, cards and backup media are, as options shared by
 * {@code ceremony run} and {@code ceremony recover} (a resumed ceremony needs the same).
 */
final class EnvironmentOptions {
    @Option(names = "--module", paramLabel = "LIB",
            description = "PKCS#11 library of the HSM (default: the first well-known one found, e.g. SoftHSM2, OpenSC).")
    Path module;

    @Option(names = "--card-module", paramLabel = "LIB",
            description = "PKCS#11 library of the custodians' card readers (default: the HSM's library).")
    Path cardModule;

    @Option(names = "--hsm", paramLabel = "TOKEN", description = "Label or serial of the HSM token (role 'hsm').")
    String hsm;

    @Option(names = "--target-hsm", paramLabel = "TOKEN",
            description = "Label or serial of the token a backup is restored into (role 'target-hsm').")
    String targetHsm;

    @Option(names = "--card", paramLabel = "N=TOKEN",
            description = "Custodian N's card (label or serial); custodians without one are asked at the table.")
    Map<Integer, String> cards = new HashMap<>();

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "A backup destination on removable media; repeat once per destination of the policy.")
    List<Path> backupDirs = new ArrayList<>();

    /** The HSM's library: as given (it must exist), or the first well-known one found. */
    Path resolveModule() throws InvalidInputException {
        if (module != null) {
            if (!Files.isRegularFile(module)) {
                throw new InvalidInputException("PKCS#11 library " + module + " does not exist or is not a file. "
                        + "Give the HSM vendor's library with --module (see docs/air-gapped-laptop.md).");
            }
            return module;
        }
        return Pkcs11Module.detect().orElseThrow(() -> new InvalidInputException("No PKCS#11 library given and none "
                + "found in the usual places. Give the HSM vendor's library with --module LIB."));
    }

    /** The environment over {@code hsmModule}; the card module defaults to it. */
    CeremonyEnvironment environment(Path hsmModule) throws InvalidInputException {
        if (cardModule != null && !Files.isRegularFile(cardModule)) {
            throw new InvalidInputException("PKCS#11 library " + cardModule + " (--card-module) does not exist");
        }
        Map<TokenRef, String> tokens = new EnumMap<>(TokenRef.class);
        if (hsm != null) {
            tokens.put(TokenRef.HSM, hsm);
        }
        if (targetHsm != null) {
            tokens.put(TokenRef.TARGET_HSM, targetHsm);
        }
        return new CeremonyEnvironment(hsmModule, cardModule != null ? cardModule : hsmModule, tokens, cards, backupDirs);
    }
}
