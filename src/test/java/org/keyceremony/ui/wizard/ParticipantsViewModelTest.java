package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keyceremony.script.Role;

/** The participants screen's rules: every role in the script's number, names, distinct initials, a place and a zone. */
class ParticipantsViewModelTest {

    @Test
    void withoutPrefillOffersOneEmptyLinePerRequiredPersonAndSaysWhatIsMissing() {
        ParticipantsViewModel vm = new ParticipantsViewModel(WizardScripts.manualOnly(), Optional.empty());
        assertThat(vm.rows()).extracting(r -> r.roleProperty().get())
                .containsExactly(Role.ADMINISTRATOR, Role.WITNESS, Role.CUSTODIAN, Role.CUSTODIAN);
        assertThat(vm.required()).isEqualTo("1 \u00d7 Administrator, 1 \u00d7 Witness, 2 \u00d7 Custodian");
        assertThat(vm.problems()).contains("Row 1: the name is missing.",
                "Row 1 (?): initials must be 1 to 8 letters, digits, '.' or '-'.", "The location is missing.");
    }

    @Test
    void aPrefilledSetupIsValidAndComesBackUnchanged() {
        ParticipantsViewModel vm = new ParticipantsViewModel(WizardScripts.manualOnly(), Optional.of(WizardScripts.people()));
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.toSetup()).isEqualTo(WizardScripts.people());
    }

    @Test
    void namesTheRoleThatIsShortAndTheInitialsUsedTwice() {
        ParticipantsViewModel vm = new ParticipantsViewModel(WizardScripts.manualOnly(), Optional.of(WizardScripts.people()));
        vm.rows().get(3).roleProperty().set(Role.AUDITOR);
        vm.rows().get(2).initialsProperty().set("ww");
        assertThat(vm.problems()).containsExactly("Two people have the initials ww: initials must tell people apart.",
                "Custodian: 2 required, 1 entered.");
        assertThatThrownBy(vm::toSetup).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsAnUnknownTimeZone() {
        ParticipantsViewModel vm = new ParticipantsViewModel(WizardScripts.manualOnly(), Optional.of(WizardScripts.people()));
        vm.timeZoneProperty().set("Mars/Olympus");
        assertThat(vm.problems()).containsExactly("Mars/Olympus is not a time zone (examples: UTC, Europe/Amsterdam).");
    }

    /** Issue 16, cases 7 and 9: what the engine refuses is said on this screen, without repeating the name. */
    @Test
    void saysAtOnceWhenANameIsHugeOrHidesABidiControl() {
        ParticipantsViewModel vm = new ParticipantsViewModel(WizardScripts.manualOnly(), Optional.of(WizardScripts.people()));
        vm.rows().get(0).nameProperty().set("Ada" + "a".repeat(199_997));
        vm.rows().get(1).nameProperty().set("Will\u202EssentiW");
        vm.locationProperty().set("Vault\u001b[2J");

        assertThat(vm.problems()).containsExactly(
                "Row 1: the name is 200000 characters long; at most 128 are allowed.",
                "Row 2: the name character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 5 is not allowed: a bidirectional "
                        + "control reorders what is shown, so reviewers and the transcript would not read what is stored.",
                "The location character U+001B (ESCAPE) at position 6 is not allowed: a control character (a terminal "
                        + "would act on it, and it prints as nothing).");
        assertThatThrownBy(vm::toSetup).isInstanceOf(IllegalStateException.class);
    }

    /** Issue 19, part 5: a name or place the transcript cannot print is refused on this screen. */
    @Test
    void saysWhichCharactersOfANameOrPlaceTheTranscriptCannotPrint() {
        ParticipantsViewModel vm = new ParticipantsViewModel(WizardScripts.manualOnly(), Optional.of(WizardScripts.people()));
        vm.rows().get(0).nameProperty().set("عائشة");
        vm.rows().get(1).nameProperty().set("Ravi \u0915");
        vm.locationProperty().set("Vault \uD83D\uDD12");

        assertThat(vm.problems()).containsExactly(
                "Row 2: the name cannot be printed in the transcript: no font it embeds prints the character U+0915 "
                        + "(DEVANAGARI LETTER KA); the transcript prints Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese "
                        + "and Japanese (write the text in one of these scripts, e.g. a transliteration).",
                "The location cannot be printed in the transcript: no font it embeds prints the character U+1F512 "
                        + "(LOCK); the transcript prints Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese and "
                        + "Japanese (write the text in one of these scripts, e.g. a transliteration).");
    }

    @Test
    void addedAndRemovedLinesCount() {
        ParticipantsViewModel vm = new ParticipantsViewModel(WizardScripts.manualOnly(), Optional.of(WizardScripts.people()));
        vm.removeRow(vm.rows().get(1));
        assertThat(vm.problems()).containsExactly("Witness: 1 required, 0 entered.");
        vm.addRow();
        ParticipantRow added = vm.rows().get(vm.rows().size() - 1);
        added.nameProperty().set("Wanda Witness");
        added.roleProperty().set(Role.WITNESS);
        added.initialsProperty().set("WA");
        assertThat(vm.problems()).isEmpty();
    }
}
