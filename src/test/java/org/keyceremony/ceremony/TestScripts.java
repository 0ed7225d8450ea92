package org.keyceremony.ceremony;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.script.Act;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.Metadata;
import org.keyceremony.script.Policy;
import org.keyceremony.script.Role;
import org.keyceremony.script.SharingPolicy;
import org.keyceremony.script.Step;
import org.keyceremony.script.TokenRef;

/** Scripts built as model records (the engine does not care how they were parsed). */
final class TestScripts {
    private TestScripts() {
    }

    static Step step(String id, Action action, boolean resumePoint) {
        return new Step(id, "Step " + id + ": " + action.kind(), "Read aloud: " + action.kind(), Role.ADMINISTRATOR,
                Role.WITNESS, resumePoint, action, 0);
    }

    /** A root key generation in miniature: 2-of-3, with resume points where a real script has them. */
    static CeremonyScript keyGeneration() {
        List<Step> act1 = List.of(
                step("1.1", new Action.RecordParticipants(), true),
                step("1.2", new Action.Manual("tamper-evident bag number", true), false),
                step("1.3", new Action.CheckAirGap(), false));
        List<Step> act2 = List.of(
                step("2.1", new Action.HsmLogin(TokenRef.HSM), true),
                step("2.2", new Action.GenerateRootKey(), false),
                step("2.3", new Action.GenerateKwk(), true),
                step("2.4", new Action.WrapRootKey(), false),
                step("2.5", new Action.SplitKwk(), false),
                step("2.6", new Action.WriteShare(1), false),
                step("2.7", new Action.WriteShare(2), false),
                step("2.8", new Action.WriteShare(3), false),
                step("2.9", new Action.VerifyQuorum(), false),
                step("2.10", new Action.WriteBackup(), false),
                step("2.11", new Action.Zeroize(), false));
        List<Step> act3 = List.of(step("3.1", new Action.Manual(null, false), true));
        return script("test-key-generation", List.of(new Act(1, "Preflight", act1), new Act(2, "Keys", act2),
                new Act(3, "Closing", act3)));
    }

    static CeremonyScript script(String name, List<Act> acts) {
        StringBuilder text = new StringBuilder("# test script " + name + "\n");
        List<Step> all = new ArrayList<>();
        acts.forEach(a -> all.addAll(a.steps()));
        all.forEach(s -> text.append("# ").append(s.id()).append(' ').append(s.action().kind()).append('\n'));
        Policy policy = new Policy(
                Optional.of(new KeyPolicy(KeyAlgorithm.EC, 0, "P-384", "root-2026", "01")),
                Optional.of(new SharingPolicy(2, 3)),
                Optional.of(new CertificateProfile("CN=Test Root, O=Test, C=NL", 3650, null, "SHA-384")),
                true, 1);
        return new CeremonyScript(new Metadata(name, "1.0", CeremonyKind.ROOT_KEY_GENERATION, "testing", ""), policy,
                Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1, Role.CUSTODIAN, 3), acts, text.toString(),
                sha256(text.toString()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static CeremonySetup setup() {
        return new CeremonySetup(List.of(
                new Participant("Ada Admin", Role.ADMINISTRATOR, "AA"),
                new Participant("Will Witness", Role.WITNESS, "WW"),
                new Participant("Cora One", Role.CUSTODIAN, "C1"),
                new Participant("Cal Two", Role.CUSTODIAN, "C2"),
                new Participant("Cid Three", Role.CUSTODIAN, "C3")), "Vault B", "Europe/Berlin");
    }
}
