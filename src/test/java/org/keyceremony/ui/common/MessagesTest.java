package org.keyceremony.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every text key the GUI's sources name is in the bundle; apostrophes survive MessageFormat. */
class MessagesTest {

    @Test
    void everyKeyUsedInTheSourcesExists() throws Exception {
        Pattern key = Pattern.compile("Messages\\.get\\(\"([a-zA-Z0-9.]+)\"\\s*[,)]");
        List<String> missing = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/keyceremony/ui"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) {
                    found++;
                    if (!Messages.bundle().containsKey(m.group(1))) {
                        missing.add(f.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(found).isGreaterThan(50);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyRoleAndStepStateHasItsWord() {
        for (org.keyceremony.script.Role r : org.keyceremony.script.Role.values()) {
            assertThat(Messages.bundle().containsKey("role." + r.yamlName())).as(r.name()).isTrue();
        }
        for (org.keyceremony.ui.wizard.StepState s : org.keyceremony.ui.wizard.StepState.values()) {
            assertThat(Messages.bundle().containsKey("wizard.state." + s.name().toLowerCase(java.util.Locale.ROOT)))
                    .as(s.name()).isTrue();
        }
    }

    @Test
    void apostrophesAndArgumentsComeOutAsWritten() {
        assertThat(Messages.get("wizard.pin.hsm")).isEqualTo("Administrator: type the HSM's user PIN.");
        assertThat(Messages.get("wizard.confirm.wrong", "AA", "Witness", "WW"))
                .isEqualTo("'AA' are not the initials of a Witness present. Initials of the Witness: WW");
        assertThat(Messages.get("no.such.key")).isEqualTo("!no.such.key!");
    }
}
