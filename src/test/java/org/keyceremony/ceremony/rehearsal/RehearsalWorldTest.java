package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.KeyCeremonyException;

/**
 * The world's tokens as pkcs11-tool sees them. They are made one after the other: softhsm2-util
 * processes started together fail ("Could not get info about the token in slot …": one reads the
 * token directory another is still writing; measured 2026-12-05, docs/performance.md).
 */
class RehearsalWorldTest {
    @TempDir
    Path dir;

    @Test
    void everyTokenExistsOnceWithItsOwnSerialAndOpensWithItsPins() throws Exception {
        RehearsalWorld world = RehearsalWorld.create(dir.resolve("ws"), 5, "24681357", "97531864");

        String slots = pkcs11Tool(world, "--list-token-slots");
        List<String> labels = all(slots, "token label\\s*:\\s*(\\S+)");
        List<String> serials = all(slots, "serial num\\s*:\\s*(\\S+)");
        assertThat(labels).containsExactlyInAnyOrder("rehearsal-hsm", "rehearsal-hsm-2", "card-1", "card-2", "card-3",
                "card-4", "card-5");
        assertThat(serials).hasSize(7).doesNotHaveDuplicates();
        for (String label : List.of("rehearsal-hsm", "card-5")) {
            assertThat(pkcs11Tool(world, "--token-label", label, "--login", "--pin", "24681357", "--list-objects"))
                    .doesNotContain("error");
        }
        assertThat(RehearsalWorld.exists(world.workspace())).isTrue();
    }

    @Test
    void aTokenSoftHsmRefusesIsNamedAndLeavesNoWorld() {
        Path ws = dir.resolve("ws");
        assertThatThrownBy(() -> RehearsalWorld.create(ws, 2, "12", "97531864"))
                .isInstanceOf(KeyCeremonyException.class)
                .hasMessageContaining("could not create token 'rehearsal-hsm'")
                .hasMessageNotContaining("97531864");
        assertThat(RehearsalWorld.exists(ws)).isFalse();
    }

    private static String pkcs11Tool(RehearsalWorld world, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module",
                RehearsalWorld.softhsmModule().orElseThrow().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", world.softhsmConf().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
