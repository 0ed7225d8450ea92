package org.keyceremony.ui.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.wizard.WizardLaunch;

/** The home screen's choices and their failures, without a screen or an HSM. */
class HomeViewModelTest {
    private final List<String> went = new ArrayList<>();
    private final HomeViewModel.Navigation navigation = new HomeViewModel.Navigation() {
        @Override
        public void wizard(WizardLaunch launch) {
            went.add("wizard " + launch.script().metadata().name());
        }

        @Override
        public void review(Path transcript) {
            went.add("review " + transcript.getFileName());
        }

        @Override
        public void handedOver(RehearsalStart.HandedOver handover) {
            went.add("handed over");
        }

        @Override
        public void realCeremony(org.keyceremony.script.CeremonyScript script, java.util.Optional<Path> resume) {
            went.add("real " + script.metadata().name() + resume.map(d -> " resume " + d.getFileName()).orElse(""));
        }

        @Override
        public void ledger() {
            went.add("ledger");
        }
    };

    private HomeViewModel vm(Path workspace) {
        return new HomeViewModel(new Rehearsals(Clock.systemUTC(), () -> workspace,
                Path.of("ceremony-scripts/root-key-generation.yaml")), TaskRunner.sameThread(), navigation);
    }

    @Test
    void aWorkspaceThatIsNotEmptyIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("someone-elses-file"), "x");
        HomeViewModel vm = vm(dir);
        vm.rehearseRoot();
        assertThat(vm.problemProperty().get()).isEqualTo("The workspace '" + dir + "' exists and is not empty. "
                + "Choose a new directory (or reuse a rehearsal workspace for a follow-up ceremony).");
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEmpty();
        assertThat(went).isEmpty();
    }

    @Test
    void aBrokenScriptIsReportedWithItsFieldPath(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("broken.yaml");
        Files.writeString(script, Files.readString(Path.of("ceremony-scripts/root-key-generation.yaml"))
                .replace("threshold: 3", "threshold: 9"));
        HomeViewModel vm = vm(dir.resolve("ws"));
        List<String> opened = new ArrayList<>();
        vm.openScript(script, s -> opened.add(s.metadata().name()));
        assertThat(opened).isEmpty();
        assertThat(vm.problemProperty().get()).contains("policy.sharing.threshold");
    }

    @Test
    void aValidScriptIsHandedOn(@TempDir Path dir) {
        HomeViewModel vm = vm(dir.resolve("ws"));
        List<String> opened = new ArrayList<>();
        vm.openScript(Path.of("ceremony-scripts/root-key-generation.yaml"), s -> opened.add(s.metadata().name()));
        assertThat(opened).containsExactly("root-key-generation");
        assertThat(vm.problemProperty().get()).isEmpty();
    }

    @Test
    void resumingAFolderThatHoldsNoCeremonySaysWhatToChoose(@TempDir Path dir) {
        HomeViewModel vm = vm(dir.resolve("ws"));
        vm.resume(dir);
        assertThat(vm.problemProperty().get()).isEqualTo(dir + " holds no interrupted ceremony (no events.jsonl and "
                + "script.yaml). Choose the ceremony's output folder.");
        assertThat(went).isEmpty();
    }

    @Test
    void resumingARealCeremonyGoesToTheHsmSelectionWithItsScriptCopy(@TempDir Path dir) throws Exception {
        Path ceremony = Files.createDirectory(dir.resolve("ceremony-root"));
        Files.copy(Path.of("ceremony-scripts/root-key-generation.yaml"), ceremony.resolve("script.yaml"));
        Files.writeString(ceremony.resolve("events.jsonl"), "");
        vm(dir.resolve("ws")).resume(ceremony);
        assertThat(went).containsExactly("real root-key-generation resume ceremony-root");
    }

    @Test
    void runningAScriptForRealChecksItAndGoesToTheHsmSelection(@TempDir Path dir) throws Exception {
        HomeViewModel vm = vm(dir.resolve("ws"));
        vm.runForReal(Path.of("ceremony-scripts/backup-restore.yaml"));
        assertThat(went).containsExactly("real backup-restore");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "kind: nonsense\n");
        vm.runForReal(broken);
        assertThat(went).hasSize(1);
        assertThat(vm.problemProperty().get()).isNotEmpty();
    }

    @Test
    void reviewGoesToTheReviewScreen(@TempDir Path dir) {
        vm(dir).review(Path.of("t.pdf"));
        assertThat(went).containsExactly("review t.pdf");
    }

    @Test
    void theRehearsalArgumentsOpenTheGui() {
        assertThat(org.keyceremony.ui.Launcher.opensGui(new String[0])).isTrue();
        assertThat(org.keyceremony.ui.Launcher.opensGui(new String[] {"rehearse", "--workspace", "w"})).isTrue();
        assertThat(org.keyceremony.ui.Launcher.opensGui(new String[] {"rehearse", "--headless"})).isFalse();
        assertThat(org.keyceremony.ui.Launcher.opensGui(new String[] {"rehearse", "--answers", "a.yaml"})).isFalse();
        assertThat(org.keyceremony.ui.Launcher.opensGui(new String[] {"rehearse", "--help"})).isFalse();
        assertThat(org.keyceremony.ui.Launcher.opensGui(new String[] {"verify", "x.pdf"})).isFalse();
    }
}
