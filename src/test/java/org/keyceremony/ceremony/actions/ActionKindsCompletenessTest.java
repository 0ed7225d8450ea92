package org.keyceremony.ceremony.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.KindModules;
import org.keyceremony.ceremony.ActionRegistry;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.script.Action;
import org.keyceremony.script.ActionKind;
import org.keyceremony.script.ActionKinds;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.TokenRef;

/**
 * Walks the sealed {@link Action} hierarchy and fails when a kind lacks any of its parts: its
 * declaration in {@link ActionKinds} (YAML name, reader, order rules, token, room needs, traits,
 * wizard panel), a handler in the registry every front end runs scripts with, and its rows in
 * docs/events.md and ceremony-scripts/README.md. docs/architecture.md, "How to add an action kind".
 */
class ActionKindsCompletenessTest {
    private static final List<Path> SHIPPED = List.of(Path.of("ceremony-scripts", "root-key-generation.yaml"),
            Path.of("ceremony-scripts", "backup-restore.yaml"), Path.of("ceremony-scripts", "share-rotation.yaml"),
            Path.of("ceremony-scripts", "card-check.yaml"), Path.of("ceremony-scripts", "crl-signing.yaml"),
            Path.of("ceremony-scripts", "subordinate-signing.yaml"), Path.of("ceremony-scripts", "cross-signing.yaml"));
    private static List<CeremonyScript> scripts;
    private static String events;
    private static String readme;

    @BeforeAll
    static void read() throws Exception {
        scripts = new ArrayList<>();
        for (Path p : SHIPPED) {
            scripts.add(CeremonyScripts.parse(p));
        }
        events = Files.readString(Path.of("docs", "events.md"));
        readme = Files.readString(Path.of("ceremony-scripts", "README.md"));
    }

    @Test
    void everyKindOfTheSealedHierarchyHasAllItsParts() throws Exception {
        // The registry that ui and cli run every ceremony kind with (root, restore, rotation, card check).
        ActionRegistry registry = RootCeremonyActions.registry(new CeremonyEnvironment(Path.of("no-hsm-module"),
                Path.of("no-card-module"), Map.of(), Map.of(), List.of()));
        List<String> missing = new ArrayList<>();
        for (Class<?> type : Action.class.getPermittedSubclasses()) {
            if (type != Action.Extension.class) {
                missing.addAll(missingParts(type, registry));
            }
        }
        // The kinds with a module of their own: the compiler holds their parts together (ActionModule);
        // here, that each is found by every layer, and documented.
        List<ActionModule> modules = KindModules.all(ActionModule.class);
        assertThat(modules).as("the action kind modules listed in META-INF/services").isNotEmpty();
        for (ActionModule m : modules) {
            missing.addAll(missingParts(m.declaration().type(), registry));
            if (!m.factsType().isRecord() || ActionFacts.typeOf(m.name()) != m.factsType()) {
                missing.add(m.name() + ": its facts record is not what the journal reads its step-end with");
            }
            if (m.usedIn().isEmpty()) {
                missing.add(m.name() + ": no ceremony kind may use it (usedIn)");
            }
        }
        assertThat(missing).as("parts missing from action kinds").isEmpty();
    }

    @Test
    void everyDeclaredKindIsARecordOfTheHierarchyOrOfAModule() {
        List<Class<?>> permitted = Arrays.asList(Action.class.getPermittedSubclasses());
        assertThat(ActionKinds.ALL).allSatisfy(k -> assertThat(permitted).contains(k.type()));
        assertThat(ActionKinds.ALL).hasSize(permitted.size() - 1); // all but Action.Extension
        assertThat(KindModules.all(ActionModule.class)).allSatisfy(m ->
                assertThat(Action.Extension.class).isAssignableFrom(m.declaration().type()));
        assertThat(ActionKinds.all()).hasSize(ActionKinds.ALL.size() + KindModules.all(ActionModule.class).size());
    }

    static List<String> missingParts(Class<?> type, ActionRegistry registry) throws Exception {
        String at = type.getSimpleName() + ": ";
        Optional<ActionKind<?>> declared = ActionKinds.of(type);
        if (declared.isEmpty()) {
            return List.of(at + "no declaration in script/ActionKinds (and so no reader, order rule, needs, traits "
                    + "or panel)");
        }
        ActionKind<?> kind = declared.get();
        List<String> missing = new ArrayList<>();
        // A kind whose parameters are required has no plain-name form: its step in a shipped script serves.
        Optional<Action> plain = kind.readPlain().<Action>map(Action.class::cast).or(() -> scripts.stream()
                .flatMap(s -> s.steps().stream()).map(st -> st.action()).filter(type::isInstance).findFirst());
        if (plain.isEmpty() || plain.get().getClass() != type) {
            missing.add(at + "the reader does not build " + type.getSimpleName() + " from '" + kind.name() + "'");
            return missing;
        }
        Action action = plain.get();
        if (!action.kind().equals(kind.name()) || ActionKinds.named(kind.name()).orElse(null) != kind) {
            missing.add(at + "kind() says '" + action.kind() + "', the declaration '" + kind.name() + "'");
        }
        if (kind.order() == null) {
            missing.add(at + "no order rule (declare .needs(), empty if it may come anywhere)");
        } else {
            kind.order().stream().flatMap(n -> n.anyOf().stream()).filter(n -> ActionKinds.named(n).isEmpty())
                    .forEach(n -> missing.add(at + "an order rule names an unknown action '" + n + "'"));
        }
        boolean namesToken = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .anyMatch(TokenRef.class::equals);
        if (namesToken && kind.tokenOf(action).isEmpty()) {
            missing.add(at + "it names a token but its declaration has no token accessor (environment needs)");
        }
        if (kind.uses() == null || kind.panel() == null) {
            missing.add(at + "no environment needs or no wizard panel");
        }
        if (kind.traits() == null) {
            missing.add(at + "no traits (.withTraits(...))");
        } else {
            for (CeremonyScript s : scripts) {
                if (kind.traitsOf(action, s) == null) {
                    missing.add(at + "no traits within " + s.metadata().name());
                }
            }
        }
        if (!registry.supports(action)) {
            missing.add(at + "no handler registered in RootCeremonyActions.registry");
        }
        if (!events.contains("| `" + kind.name() + "` |")) {
            missing.add(at + "no row in docs/events.md, \"Facts of each action\"");
        }
        if (!readme.contains("| `" + kind.name() + "` |")) {
            missing.add(at + "no row in ceremony-scripts/README.md's action table");
        }
        return missing;
    }
}
