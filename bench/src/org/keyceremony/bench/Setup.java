package org.keyceremony.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things are: the repository, the built distribution, the bench's own classes and a
 * scratch directory (deleted by bench/run).
 *
 * @param reps how many times each timed command runs (the median is reported)
 */
record Setup(Path repo, Path dist, Path classes, Path work, Path module, int reps) {
    Path ceremony() {
        return dist.resolve("bin/ceremony");
    }

    Path answers() {
        return repo.resolve("ceremony-scripts/rehearsal/root-key-generation.answers.yaml");
    }

    /** One SoftHSM2 token, initialised the way RehearsalWorld does it. */
    List<String> initToken(String label) {
        return List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", "123456",
                "--so-pin", "12345678");
    }

    /** A pkcs11-tool invocation on one token, logged in as the user. */
    List<String> pkcs11(String token, String... args) {
        List<String> l = new java.util.ArrayList<>(List.of("pkcs11-tool", "--module", module.toString(),
                "--token-label", token, "--login", "--pin", "123456"));
        l.addAll(List.of(args));
        return l;
    }
}
