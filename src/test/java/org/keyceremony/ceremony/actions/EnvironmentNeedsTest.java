package org.keyceremony.ceremony.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.TokenRef;

/** What each shipped script asks the room for before it starts (the GUI's HSM selection screen asks exactly this). */
class EnvironmentNeedsTest {
    private static EnvironmentNeeds of(String name) throws Exception {
        return EnvironmentNeeds.of(CeremonyScripts.parse(Path.of("ceremony-scripts", name + ".yaml")));
    }

    @Test
    void rootCeremonyNeedsTheHsmCardsAndTheTwoBackupMedia() throws Exception {
        EnvironmentNeeds n = of("root-key-generation");
        assertThat(n.tokens()).containsExactly(TokenRef.HSM);
        assertThat(n.cards()).isTrue();
        assertThat(n.writesBackup()).isTrue();
        assertThat(n.readsBackup()).isFalse();
        assertThat(n.media()).isEqualTo(2);
    }

    @Test
    void restoreNeedsOnlyTheTargetHsmCardsAndOneMediumToReadFrom() throws Exception {
        EnvironmentNeeds n = of("backup-restore");
        assertThat(n.tokens()).containsExactly(TokenRef.TARGET_HSM);
        assertThat(n.cards()).isTrue();
        assertThat(n.writesBackup()).isFalse();
        assertThat(n.readsBackup()).isTrue();
        assertThat(n.media()).isEqualTo(1);
    }

    @Test
    void cardCheckNeedsNoHsmButCardsAndTheBackupMetadata() throws Exception {
        EnvironmentNeeds n = of("card-check");
        assertThat(n.tokens()).isEmpty();
        assertThat(n.cards()).isTrue();
        assertThat(n.media()).isEqualTo(1);
    }

    @Test
    void shareRotationReadsTheOldBackupAndWritesTheNewOneToThePolicysMedia() throws Exception {
        EnvironmentNeeds n = of("share-rotation");
        assertThat(n.readsBackup()).isTrue();
        assertThat(n.writesBackup()).isTrue();
        assertThat(n.media()).isEqualTo(CeremonyScripts.parse(Path.of("ceremony-scripts/share-rotation.yaml"))
                .policy().backupDestinations());
    }
}
