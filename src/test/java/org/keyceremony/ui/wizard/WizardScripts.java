package org.keyceremony.ui.wizard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.script.Act;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Metadata;
import org.keyceremony.script.Policy;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;

/** Small scripts the built-in (HSM-free) actions can run, and the people who run them. */
final class WizardScripts {
    private WizardScripts() {
    }

    static Step step(String id, Role actor, Role confirmer, Action action) {
        return new Step(id, "Title " + id, "Text of step " + id + ", read aloud.", actor, confirmer, true, action, 0);
    }

    /** Participants, a bag number (typed), a step the administrator confirms, a closing step. */
    static CeremonyScript manualOnly() {
        List<Act> acts = List.of(
                new Act(1, "Preflight", List.of(
                        step("1.1", Role.ADMINISTRATOR, Role.WITNESS, new Action.RecordParticipants()),
                        step("1.2", Role.ADMINISTRATOR, Role.WITNESS, new Action.Manual("Bag serial", true)))),
                new Act(2, "Close", List.of(
                        step("2.1", Role.WITNESS, Role.ADMINISTRATOR, new Action.Manual(null, false)))));
        String text = "# wizard test script\n";
        return new CeremonyScript(new Metadata("wizard-test", "1.0", CeremonyKind.ROOT_KEY_GENERATION, "testing", ""),
                new Policy(Optional.empty(), Optional.empty(), Optional.empty(), false, 0),
                Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1, Role.CUSTODIAN, 2), acts, text, sha256(text));
    }

    /** Participants, then {@code step}. */
    static CeremonyScript then(Step step) {
        List<Act> acts = List.of(new Act(1, "Preflight", List.of(
                step("1.1", Role.ADMINISTRATOR, Role.WITNESS, new Action.RecordParticipants()), step)));
        String text = "# wizard test script\n";
        return new CeremonyScript(new Metadata("wizard-test", "1.0", CeremonyKind.ROOT_KEY_GENERATION, "testing", ""),
                new Policy(Optional.empty(), Optional.empty(), Optional.empty(), false, 0),
                Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1), acts, text, sha256(text));
    }

    static CeremonySetup people() {
        return new CeremonySetup(List.of(
                new Participant("Ada Admin", Role.ADMINISTRATOR, "AA"),
                new Participant("Will Witness", Role.WITNESS, "WW"),
                new Participant("Cora One", Role.CUSTODIAN, "C1"),
                new Participant("Cal Two", Role.CUSTODIAN, "C2")), "Vault B", "Europe/Berlin");
    }

    static WizardLaunch launch(CeremonyScript script, Path out, CeremonyRunner runner) {
        return new WizardLaunch(script, true, out, Optional.of(people()), runner);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
