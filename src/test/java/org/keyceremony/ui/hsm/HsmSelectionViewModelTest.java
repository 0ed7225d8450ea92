package org.keyceremony.ui.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.hsm.MechanismSupport;
import org.keyceremony.hsm.TokenFlags;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.TokenRef;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.wizard.WizardLaunch;

/** The HSM selection rules, without a screen or a PKCS#11 library: what still stops a real ceremony, in words. */
class HsmSelectionViewModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC);
    private final List<WizardLaunch> launched = new ArrayList<>();

    private HsmSelectionViewModel vm(String script) throws Exception {
        return new HsmSelectionViewModel(CeremonyScripts.parse(Path.of("ceremony-scripts", script + ".yaml")),
                Optional.empty(), TaskRunner.sameThread(), CLOCK, launched::add);
    }

    private static TokenInfo token(String label, String serial, boolean initialized, boolean locked) {
        return new TokenInfo(1, label, "Vendor", "Model", serial, "2.6", "2.6",
                new TokenFlags(0, initialized, true, initialized, false, false, locked, false),
                new MechanismSupport(true, true, true, true, true, false));
    }

    /** A root ceremony's choices, all present: library, token 42, media usb1 and usb2, output folder "ceremony". */
    private static void nameEverything(HsmSelectionViewModel vm, Path dir) throws Exception {
        Path lib = library(dir);
        vm.moduleProperty().set(lib.toString());
        vm.cardModuleProperty().set(lib.toString());
        vm.chosen(TokenRef.HSM).set(token("root-hsm", "42", true, false));
        vm.media().get(0).set(Files.createDirectories(dir.resolve("usb1")).toString());
        vm.media().get(1).set(Files.createDirectories(dir.resolve("usb2")).toString());
        vm.outputProperty().set(dir.resolve("ceremony").toString());
    }

    private static Path library(Path dir) throws Exception {
        return Files.writeString(dir.resolve("libvendor-pkcs11.so"), "not loaded in this test");
    }

    @Test
    void aNewRootCeremonyListsEverythingStillMissing(@TempDir Path dir) throws Exception {
        HsmSelectionViewModel vm = vm("root-key-generation");
        vm.moduleProperty().set("");
        vm.cardModuleProperty().set("");
        assertThat(vm.missing()).containsExactly(
                "Name the HSM's PKCS#11 library (Find looks in the usual places).",
                "Choose the token that plays hsm.",
                "Name the card readers' PKCS#11 library (there is no file at \"\").",
                "Name backup medium 1 (a folder on the removable medium).",
                "Name backup medium 2 (a folder on the removable medium).");
        assertThat(vm.outputProperty().get()).endsWith("ceremony-root-key-generation-20261127T090000Z");
        assertThat(vm.start()).isFalse();
        assertThat(vm.problemProperty().get()).startsWith("Name the HSM's PKCS#11 library");
        assertThat(launched).isEmpty();
    }

    @Test
    void onlyTheRolesTheScriptNamesCanBeChosen() throws Exception {
        assertThat(vm("root-key-generation").chosen(TokenRef.HSM).get()).isNull();
        assertThatThrownBy(() -> vm("root-key-generation").chosen(TokenRef.TARGET_HSM))
                .hasMessage("the script does not use target-hsm");
        assertThat(vm("backup-restore").chosen(TokenRef.TARGET_HSM).get()).isNull();
        assertThat(vm("backup-restore").media()).hasSize(1);
    }

    @Test
    void refusesAMissingLibraryAnUninitialisedOrLockedTokenAndBadMedia(@TempDir Path dir) throws Exception {
        HsmSelectionViewModel vm = vm("root-key-generation");
        vm.moduleProperty().set(dir.resolve("nope.so").toString());
        vm.refresh(); // nothing to read: the list empties, no worker runs
        assertThat(vm.tokens()).isEmpty();
        vm.cardModuleProperty().set(library(dir).toString());
        vm.chosen(TokenRef.HSM).set(token("", "0", false, false));
        vm.media().get(0).set(dir.resolve("not-mounted").toString());
        vm.media().get(1).set(dir.resolve("not-mounted").toString());
        Files.writeString(Files.createDirectories(dir.resolve("out")).resolve("x"), "x");
        vm.outputProperty().set(dir.resolve("out").toString());
        assertThat(vm.missing()).containsExactly(
                "There is no library file at " + dir.resolve("nope.so") + ".",
                "The token '' (serial 0) chosen as hsm is not initialised.",
                "Backup medium 1: " + dir.resolve("not-mounted") + " is not a folder (is the medium mounted?).",
                "Backup medium 2: " + dir.resolve("not-mounted") + " is not a folder (is the medium mounted?).",
                "The output folder " + dir.resolve("out") + " already holds files; choose a new or empty folder "
                        + "(nothing is ever overwritten).");
        vm.chosen(TokenRef.HSM).set(token("root-hsm", "42", true, true));
        Files.createDirectories(dir.resolve("usb1"));
        vm.media().get(0).set(dir.resolve("usb1").toString());
        vm.media().get(1).set(dir.resolve("usb1") + "/.");
        assertThat(vm.missing()).contains("The PIN of the token 'root-hsm' (serial 42) chosen as hsm is locked; the "
                + "security officer must unlock it first.", dir.resolve("usb1") + "/. is named twice: each backup copy "
                + "goes to its own medium.");
        assertThat(vm.missingProperty()).containsExactlyElementsOf(vm.missing());
    }

    @Test
    void startsARealCeremonyInTheWizardWithLiveCardsWhenEverythingIsNamed(@TempDir Path dir) throws Exception {
        HsmSelectionViewModel vm = vm("root-key-generation");
        nameEverything(vm, dir);
        assertThat(vm.missing()).isEmpty();
        assertThat(vm.missingProperty()).isEmpty();

        assertThat(vm.start()).isTrue();

        WizardLaunch launch = launched.get(0);
        assertThat(launch.rehearsal()).isFalse();
        assertThat(launch.prefill()).isEmpty();
        assertThat(launch.simulatedCards()).isEmpty();
        assertThat(launch.liveCards()).isPresent();
        assertThat(launch.outputDirectory()).isEqualTo(dir.resolve("ceremony"));
        assertThat(vm.environment().tokens()).containsEntry(TokenRef.HSM, "42");
        assertThat(vm.environment().backupDestinations()).containsExactly(dir.resolve("usb1"), dir.resolve("usb2"));
        assertThat(vm.environment().cardsByCustodian()).isEmpty();
    }

    @Test
    void aFileThatIsNoPkcs11LibraryIsAClearProblemNotACrash(@TempDir Path dir) throws Exception {
        HsmSelectionViewModel vm = vm("root-key-generation");
        vm.moduleProperty().set(library(dir).toString());
        vm.refresh();
        assertThat(vm.problemProperty().get()).startsWith("Cannot list the tokens of " + dir.resolve("libvendor-pkcs11.so"))
                .contains("does not name a PKCS#11 library").doesNotContain("\tat ");
        assertThat(vm.tokens()).isEmpty();
        assertThat(vm.refreshingProperty().get()).isFalse();
    }

    /** A worker that runs nothing until told: the checks people trigger, still in flight. */
    private static final class LaterRunner implements TaskRunner {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public <T> void run(java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> onSuccess,
                            java.util.function.Consumer<Throwable> onError) {
            queued.add(() -> TaskRunner.sameThread().run(work, onSuccess, onError));
        }

        void runAll() {
            List<Runnable> now = new ArrayList<>(queued);
            queued.clear();
            now.forEach(Runnable::run);
        }
    }

    @Test
    void theFileChecksRunOnTheWorkerAndStartWaitsForTheCurrentOne(@TempDir Path dir) throws Exception {
        LaterRunner later = new LaterRunner();
        HsmSelectionViewModel vm = new HsmSelectionViewModel(CeremonyScripts.parse(Path.of(
                "ceremony-scripts/root-key-generation.yaml")), Optional.empty(), later, CLOCK, launched::add);
        assertThat(vm.missingProperty()).containsExactly("Checking the library, the media and the output folder\u2026");
        nameEverything(vm, dir);

        assertThat(vm.start()).as("a check is still in flight").isFalse();
        assertThat(vm.problemProperty().get()).startsWith("Checking");
        later.runAll(); // every queued check finishes; only the last (the current choices) is shown
        assertThat(vm.missingProperty()).isEmpty();
        vm.media().get(1).set("");                                  // check A: medium 2 missing
        vm.media().get(1).set(dir.resolve("usb2").toString());     // check B: complete again
        later.queued.get(1).run();                                  // B finishes first ...
        later.queued.get(0).run();                                  // ... A, for choices gone, after it
        later.queued.clear();
        assertThat(vm.missingProperty()).as("the stale result for an empty medium was dropped").isEmpty();
        assertThat(vm.start()).isTrue();
        assertThat(launched).hasSize(1);
    }

    @Test
    void aPathThatIsNoPathAtAllIsASentenceNotACrash(@TempDir Path dir) throws Exception {
        HsmSelectionViewModel vm = vm("root-key-generation");
        vm.moduleProperty().set("/usr/lib/bad\u0000name.so");
        vm.media().get(0).set("bad\u0000dir");
        vm.refresh();
        assertThat(vm.missing()).contains("There is no library file at /usr/lib/bad\u0000name.so.",
                "Backup medium 1: bad\u0000dir is not a folder (is the medium mounted?).");
        assertThat(vm.tokens()).isEmpty();
    }

    @Test
    void describesATokenAsTheRoomNeedsToSeeIt() {
        assertThat(HsmSelectionViewModel.describe(token("root-hsm", "42", true, false)))
                .isEqualTo("root-hsm \u2014 Vendor Model \u2014 serial 42 \u2014 PIN ready \u2014 RSA keygen yes, "
                        + "EC keygen yes, RFC 5649 wrap CKM_AES_KEY_WRAP_PAD");
        assertThat(HsmSelectionViewModel.describe(token("c", "7", true, true))).contains("PIN LOCKED");
        assertThat(HsmSelectionViewModel.describe(token("", "8", false, false))).contains("not initialised");
    }
}
