package org.keyceremony.script;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a step's {@code action}: a plain name for an action without parameters
 * ({@code action: split-kwk}) or a mapping with exactly one key, the name, whose value
 * holds the typed parameters ({@code action: {write-share: {custodian: 2}}}).
 */
final class ActionReader {
    private ActionReader() {
    }

    /** Every action's YAML name, in the order the README lists them. */
    static List<String> kinds() {
        return ActionKinds.all().stream().<String>map(ActionKind::name).toList();
    }

    static Optional<Action> read(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode) {
            Optional<String> plain = YamlMap.text(node, path, problems);
            Optional<? extends ActionKind.Syntax<?>> syntax = plain.flatMap(name -> spec(name, path, node, problems));
            if (syntax.isEmpty()) {
                return Optional.empty();
            }
            Optional<Action> read = syntax.get().read().apply(null).map(Action.class::cast);
            if (read.isEmpty()) {
                // a kind whose parameters are required has no plain-name form
                problems.add(path, PlainYaml.line(node), "'" + plain.get() + "' needs its parameters ("
                        + String.join(", ", syntax.get().parameters()) + "); write it as a mapping: action: {"
                        + plain.get() + ": {...}}");
            }
            return read;
        }
        if (!(node instanceof MappingNode mapping) || mapping.getValue().size() != 1) {
            problems.add(path, PlainYaml.line(node), "expected an action name, or a mapping with exactly one key "
                    + "(the action name) holding its parameters; found " + describeShape(node));
            return Optional.empty();
        }
        NodeTuple only = mapping.getValue().get(0);
        Optional<String> name = YamlMap.text(only.getKeyNode(), path, problems);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<? extends ActionKind.Syntax<?>> spec = spec(name.get(), path, only.getKeyNode(), problems);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        String paramsPath = path + "." + name.get();
        Node value = only.getValueNode();
        if (spec.get().parameters().isEmpty()) {
            problems.add(paramsPath, PlainYaml.line(value), "'" + name.get()
                    + "' takes no parameters; write it as a plain name (action: " + name.get() + ")");
            return Optional.empty();
        }
        problems.recordLine(paramsPath, PlainYaml.line(value));
        Optional<YamlMap> params = YamlMap.of(value, paramsPath, problems);
        if (params.isEmpty()) {
            return Optional.empty();
        }
        params.get().allowOnly(spec.get().parameters());
        return spec.get().read().apply(params.get()).map(Action.class::cast);
    }

    private static Optional<ActionKind.Syntax<?>> spec(String name, String path, Node at, Problems problems) {
        Optional<ActionKind<?>> kind = ActionKinds.named(name);
        if (kind.isEmpty()) {
            problems.add(path, PlainYaml.line(at), "unknown action " + Problems.quote(name)
                    + Suggestion.of(name, kinds()).map(s -> "; did you mean '" + s + "'?")
                            .orElse("; see ceremony-scripts/README.md for the list"));
        }
        return kind.map(ActionKind::syntax);
    }

    private static String describeShape(Node node) {
        if (node instanceof MappingNode m) {
            return m.getValue().isEmpty() ? "an empty mapping" : "a mapping with " + m.getValue().size() + " keys";
        }
        return YamlMap.describe(node);
    }

    static <E> Map<String, E> names(E[] values, Function<E, String> name) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E e : values) {
            map.put(name.apply(e), e);
        }
        return map;
    }
}
