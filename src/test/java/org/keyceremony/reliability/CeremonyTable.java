package org.keyceremony.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.keyceremony.cards.CardContents;
import org.keyceremony.cards.CardRef;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.Pkcs11Api;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.TokenRef;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.keyceremony.testing.pcsc.PcscWorld;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;

/**
 * One ceremony table for a test: an HSM, a target HSM and five custodian cards made fresh in
 * the JVM's SoftHSM2 world (unique labels), two media folders, and the EC P-384 variant of the
 * shipped root script, run in this JVM through the real action handlers. With a
 * {@link PcscWorld}, the cards are its virtual smart cards behind pcscd and OpenSC's PKCS#11
 * module instead, and the HSMs stay on SoftHSM2.
 */
final class CeremonyTable {
    static final Path SCRIPT = Path.of(System.getProperty("keyceremony.test.basedir", "."))
            .resolve("src/test/resources/reliability/root-key-generation-ec.yaml");

    final SoftHsmWorld world;
    final TestToken hsm;
    final TestToken hsm2;
    final List<TestToken> cards = new ArrayList<>();
    /** The PKCS#11 library of the cards: SoftHSM2's, or OpenSC's for {@link PcscWorld} cards. */
    final Path cardModule;
    final Path dir;
    final Path out;
    final CeremonyScript script;

    CeremonyTable(SoftHsmWorld world, Path dir) throws Exception {
        this(world, dir, null);
    }

    /** A table whose five custodian cards are {@code smartCards}' (null: SoftHSM2 tokens). */
    CeremonyTable(SoftHsmWorld world, Path dir, PcscWorld smartCards) throws Exception {
        this.world = world;
        this.dir = dir;
        hsm = world.createToken("hsm");
        hsm2 = world.createToken("hsm2");
        for (int i = 1; i <= 5; i++) {
            cards.add(smartCards == null ? world.createToken("card") : new TestToken(
                    smartCards.card(i).tokenLabel(), smartCards.card(i).serial(), "", smartCards.card(i).pin()));
        }
        cardModule = smartCards == null ? SoftHsmWorld.LIBRARY : PcscWorld.OPENSC;
        Files.createDirectories(dir.resolve("media-1"));
        Files.createDirectories(dir.resolve("media-2"));
        out = dir.resolve("out");
        script = CeremonyScripts.parse(SCRIPT);
    }

    /** True: no card is named per custodian; the administrator types each custodian's card at its turn. */
    boolean typedCards;

    CeremonyEnvironment environment() {
        Map<Integer, String> byCustodian = new HashMap<>();
        for (int i = 0; i < cards.size() && !typedCards; i++) {
            byCustodian.put(i + 1, cards.get(i).label());
        }
        return new CeremonyEnvironment(SoftHsmWorld.LIBRARY, cardModule,
                Map.of(TokenRef.HSM, hsm.label(), TokenRef.TARGET_HSM, hsm2.label()), byCustodian,
                List.of(dir.resolve("media-1"), dir.resolve("media-2")));
    }

    /** Answers: the shipped rehearsal answers' people, these tokens' PINs, plus {@code values} and {@code failures}. */
    RecordingPrompter answers(Map<String, String> values, Map<String, String> failures, String defaultFailure)
            throws Exception {
        Map<String, String> v = new LinkedHashMap<>(Map.of("1.4", "BAG-HSM-0001", "1.6", "the laptop clock",
                "3.9", "BAG-MEDIA-0001, BAG-MEDIA-0002", "4.3", "BAG-HSM-0002"));
        v.putAll(values);
        StringBuilder y = head("Carla CC", "Chris CH", "Cleo CL", "Cyril CY", "Coco CO");
        y.append("  hsm: \"").append(hsm.userPin()).append("\"\n");
        y.append("  hsm-so: \"").append(hsm.soPin()).append("\"\n");
        cardPins(y);
        y.append("values:\n");
        // a value written as a YAML list ("[...]") is several answers to one step, in turn
        v.forEach((k, val) -> y.append("  \"").append(k).append("\": ")
                .append(val.startsWith("[") ? val : "\"" + val + "\"").append("\n"));
        y.append("failures:\n  default: ").append(defaultFailure).append('\n');
        if (!failures.isEmpty()) {
            y.append("  steps:\n");
            failures.forEach((k, val) -> y.append("    \"").append(k).append("\": [").append(val).append("]\n"));
        }
        y.append("rollback: approve\nrecovery: resume\n");
        return new RecordingPrompter(AnswersFilePrompter.parse(y.toString(), "test answers"));
    }

    /**
     * An answers file up to {@code pins:}: administrator AA, witness WW, security officer SO,
     * custodians given as "First XX".
     */
    private static StringBuilder head(String... custodians) {
        StringBuilder y = new StringBuilder("rehearsal: true\nparticipants:\n"
                + "  - {name: Ada Administrator, role: administrator, initials: AA}\n"
                + "  - {name: Walter Witness, role: witness, initials: WW}\n"
                + "  - {name: Sofia Security-Officer, role: security-officer, initials: SO}\n");
        for (String c : custodians) {
            String[] nameAndInitials = c.split(" ");
            y.append("  - {name: ").append(nameAndInitials[0]).append(" Custodian, role: custodian, initials: ")
                    .append(nameAndInitials[1]).append("}\n");
        }
        return y.append("location: \"Test room\"\ntime-zone: UTC\nconfirmations:\n  default: by-role\npins:\n");
    }

    /** The target HSM's and every card's PIN, as lines of an answers file's {@code pins:}. */
    private void cardPins(StringBuilder y) {
        y.append("  target-hsm: \"").append(hsm2.userPin()).append("\"\n");
        for (TestToken c : cards) {
            y.append("  ").append(c.label()).append(": \"").append(c.userPin()).append("\"\n");
        }
    }

    /**
     * Answers for the shipped backup-restore script after this table's root ceremony: three
     * custodians, the target HSM {@code hsm2}, the cards {@code presented} in order at step 3.1.
     */
    RecordingPrompter restoreAnswers(List<String> presented) throws Exception {
        StringBuilder y = head("Carla CC", "Chris CH", "Coco CO");
        cardPins(y);
        y.append("values:\n  \"1.5\": \"the laptop clock\"\n  \"2.3\": [\"\", \"\"]\n  \"3.1\": [");
        y.append(String.join(", ", presented.stream().map(c -> "\"" + c + "\"").toList())).append("]\n");
        y.append("  \"5.2\": \"BAG-MEDIA-0003\"\nfailures:\n  default: abort\nrollback: approve\nrecovery: resume\n");
        return new RecordingPrompter(AnswersFilePrompter.parse(y.toString(), "restore answers"));
    }

    /** card-check.yaml's rehearsal answers for this table: five custodians, every card the package names. */
    RecordingPrompter cardCheckAnswers() throws Exception {
        StringBuilder y = new StringBuilder("rehearsal: true\nparticipants:\n"
                + "  - {name: Ada Administrator, role: administrator, initials: AA}\n"
                + "  - {name: Walter Witness, role: witness, initials: WW}\n");
        for (String c : List.of("Carla CC", "Chris CH", "Cleo CL", "Cyril CY", "Coco CO")) {
            String[] n = c.split(" ");
            y.append("  - {name: ").append(n[0]).append(" Custodian, role: custodian, initials: ").append(n[1])
                    .append("}\n");
        }
        y.append("location: \"Test room\"\ntime-zone: UTC\nconfirmations:\n  default: by-role\npins:\n");
        for (TestToken c : cards) {
            y.append("  ").append(c.label()).append(": \"").append(c.userPin()).append("\"\n");
        }
        y.append("values:\n  \"1.4\": \"the laptop clock\"\n  \"2.1\": [\"\", \"\"]\n  \"2.2\": \"\"\n"
                + "  \"3.1\": \"BAG-MEDIA-0004\"\nfailures:\n  default: abort\nrollback: approve\nrecovery: resume\n");
        return new RecordingPrompter(AnswersFilePrompter.parse(y.toString(), "card-check answers"));
    }

    /**
     * Answers for the shipped share-rotation script (new policy 2-of-3) after this table's root
     * ceremony: Carla, Chris and Cleo rebuild the current key with {@code current}; the new
     * shares go to Carla, and to the newcomers Nina and Ned, on {@code next} (three cards, in
     * share order); the old shares are erased from {@code erased}.
     */
    RecordingPrompter rotationAnswers(List<String> current, List<String> next, List<String> erased) throws Exception {
        StringBuilder y = head("Carla CC", "Chris CH", "Cleo CL", "Nina NN", "Ned NE");
        y.append("  hsm: \"").append(hsm.userPin()).append("\"\n");
        y.append("  hsm-so: \"").append(hsm.soPin()).append("\"\n");
        cardPins(y);
        y.append("values:\n  \"1.5\": \"the laptop clock\"\n  \"2.3\": [\"\", \"\"]\n  \"2.5\": [")
                .append(String.join(", ", current.stream().map(c -> "\"" + c + "\"").toList())).append("]\n");
        List<String> initials = List.of("CC", "NN", "NE");
        y.append("  \"3.4\": [");
        for (int i = 0; i < next.size(); i++) {
            y.append(i == 0 ? "" : ", ").append("\"").append(initials.get(i)).append(' ').append(next.get(i)).append('"');
        }
        y.append("]\n  \"4.1\": \"").append(String.join(", ", erased)).append("\"\n  \"4.2\": \"none\"\n");
        y.append("  \"5.2\": \"BAG-HSM-0003, BAG-MEDIA-0005\"\n");
        y.append("failures:\n  default: abort\nrollback: approve\nrecovery: resume\n");
        return new RecordingPrompter(AnswersFilePrompter.parse(y.toString(), "rotation answers"));
    }

    /** A shipped script in its EC P-384 variant (as the table's root key), written into {@code into}. */
    static CeremonyScript shippedEc(String name, Path into) throws Exception {
        String s = Files.readString(Path.of("ceremony-scripts").resolve(name), java.nio.charset.StandardCharsets.UTF_8)
                .replace("algorithm: RSA\n    size: 4096", "algorithm: EC\n    curve: P-384")
                .replace("digest: SHA-256", "digest: SHA-384");
        Path p = into.resolve("ec-" + name);
        Files.writeString(p, s, java.nio.charset.StandardCharsets.UTF_8);
        return CeremonyScripts.parse(p);
    }

    /** {@code script} (a follow-up ceremony: restore, card check, rotation) run in this JVM on this table, into {@code output}. */
    CeremonyResult runFollowUp(CeremonyScript followUp, RecordingPrompter prompter, Path output) throws Exception {
        return new Engine(RootCeremonyActions.registry(environment()), prompter, Clock.systemUTC())
                .run(followUp, output, true);
    }

    CeremonyResult run(UnaryOperator<Pkcs11Api> layer, RecordingPrompter prompter) throws Exception {
        return runIn(out, layer, prompter);
    }

    CeremonyResult runIn(Path output, UnaryOperator<Pkcs11Api> layer, RecordingPrompter prompter) throws Exception {
        return new Engine(RootCeremonyActions.registry(environment().withPkcs11Layer(layer)), prompter,
                Clock.systemUTC()).run(script, output, true);
    }

    /** {@code ceremony recover} with resume, in this JVM: assesses the interrupted log in {@link #out} and resumes it. */
    CeremonyResult resume(UnaryOperator<Pkcs11Api> layer, RecordingPrompter prompter) throws Exception {
        org.keyceremony.ceremony.RecoveryPlan plan = org.keyceremony.ceremony.Recovery.assess(out, script);
        return new Engine(RootCeremonyActions.registry(environment().withPkcs11Layer(layer)), prompter,
                Clock.systemUTC()).resume(script, out, plan);
    }

    /** Share objects on the HSM (a share written there by mistake), seen without any fault layer. */
    long hsmShareObjects() throws Exception {
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            return t.findObjects(ObjectClass.DATA, null, null).stream()
                    .filter(o -> o.label().startsWith(CustodianCards.LABEL_PREFIX)).count();
        }
    }

    /** Private keys on the HSM with label {@code label}, seen without any fault layer. */
    int hsmPrivateKeys(String label) throws Exception {
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            return t.findObjects(ObjectClass.PRIVATE_KEY, label, null).size();
        }
    }

    /** As {@link #hsmPrivateKeys} while the ceremony in this JVM is logged in (PKCS#11 logins are per process). */
    int hsmPrivateKeysDuringCeremony(String label) throws Exception {
        try (HsmToken t = world.module().openByLabel(hsm.label())) {
            return t.findObjects(ObjectClass.PRIVATE_KEY, label, null).size();
        }
    }

    List<Event> events() throws Exception {
        EventLogVerifier.Result r = EventLogVerifier.verify(out.resolve("events.jsonl"));
        if (!r.valid()) {
            throw new AssertionError("event log does not verify: " + r.problem());
        }
        return r.events();
    }

    List<Event> events(String type) throws Exception {
        return events().stream().filter(e -> e.type().equals(type)).toList();
    }

    /** What a card holds, seen without any fault layer. */
    CardContents card(int custodian) throws Exception {
        TestToken c = cards.get(custodian - 1);
        try (CardSession card = new CustodianCards(Pkcs11Module.open(cardModule)).insert(CardRef.byLabel(c.label()));
             Pin pin = c.pin()) {
            card.logIn(pin);
            return card.contents();
        }
    }

    /** Objects of {@code cls} on the HSM, seen without any fault layer. */
    int hsmObjects(ObjectClass cls) throws Exception {
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            return t.findObjects(cls, null, null).size();
        }
    }

    /** The error of step {@code step}'s first failure in the log. */
    String errorOf(String step) throws Exception {
        return events("step-failed").stream().filter(e -> e.step().equals(step)).findFirst()
                .map(e -> (String) e.data().get("error")).orElseThrow(() -> new AssertionError("no step-failed for " + step));
    }

    /** No key on the HSM and no share on any card: what an abort must leave. */
    void assertNothingLeft() throws Exception {
        org.assertj.core.api.Assertions.assertThat(hsmObjects(ObjectClass.PRIVATE_KEY)).as("private keys on the HSM").isZero();
        org.assertj.core.api.Assertions.assertThat(hsmObjects(ObjectClass.PUBLIC_KEY)).as("public keys on the HSM").isZero();
        for (int i = 1; i <= cards.size(); i++) {
            org.assertj.core.api.Assertions.assertThat(card(i).shares()).as("shares on card %d", i).isEmpty();
        }
    }

    List<Path> filesUnder(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
