package org.keyceremony.script;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

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
    /** How one action is spelled: its parameter names and how to build it from them. */
    private record Spec(List<String> parameters, Function<YamlMap, Optional<Action>> build) {
        static Spec plain(Supplier<Action> make) {
            return new Spec(List.of(), params -> Optional.of(make.get()));
        }

        static Spec onToken(Function<TokenRef, Action> make) {
            return new Spec(List.of("token"), params -> params == null ? Optional.of(make.apply(TokenRef.HSM))
                    : tokenOf(params).map(make));
        }
    }

    static final Map<String, TokenRef> TOKENS = names(TokenRef.values(), TokenRef::yamlName);

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        SPECS.put("manual", new Spec(List.of("record", "value-required"), ActionReader::manual));
        SPECS.put("record-participants", Spec.plain(Action.RecordParticipants::new));
        SPECS.put("check-air-gap", Spec.plain(Action.CheckAirGap::new));
        SPECS.put("record-software", Spec.plain(Action.RecordSoftware::new));
        SPECS.put("identify-hsm", Spec.onToken(Action.IdentifyHsm::new));
        SPECS.put("confirm-time", Spec.plain(Action.ConfirmTime::new));
        SPECS.put("hsm-login", Spec.onToken(Action.HsmLogin::new));
        SPECS.put("hsm-logout", Spec.onToken(Action.HsmLogout::new));
        SPECS.put("check-key-protection", Spec.onToken(Action.CheckKeyProtection::new));
        SPECS.put("generate-root-key", Spec.plain(Action.GenerateRootKey::new));
        SPECS.put("self-sign-certificate", Spec.plain(Action.SelfSignCertificate::new));
        SPECS.put("issue-transcript-certificate", Spec.onToken(Action.IssueTranscriptCertificate::new));
        SPECS.put("generate-kwk", Spec.plain(Action.GenerateKwk::new));
        SPECS.put("wrap-root-key", Spec.plain(Action.WrapRootKey::new));
        SPECS.put("split-kwk", Spec.plain(Action.SplitKwk::new));
        SPECS.put("write-share", new Spec(List.of("custodian"), ActionReader::writeShare));
        SPECS.put("verify-quorum", Spec.plain(Action.VerifyQuorum::new));
        SPECS.put("write-backup", Spec.plain(Action.WriteBackup::new));
        SPECS.put("verify-backup-restores", Spec.plain(Action.VerifyBackupRestores::new));
        SPECS.put("seal-root-key", Spec.onToken(Action.SealRootKey::new));
        SPECS.put("zeroize", Spec.plain(Action.Zeroize::new));
        SPECS.put("load-backup", Spec.plain(Action.LoadBackup::new));
        SPECS.put("read-share", Spec.plain(Action.ReadShare::new));
        SPECS.put("combine-kwk", Spec.plain(Action.CombineKwk::new));
        SPECS.put("unwrap-into-hsm", Spec.onToken(Action.UnwrapIntoHsm::new));
        SPECS.put("verify-restored-key", Spec.onToken(Action.VerifyRestoredKey::new));
        SPECS.put("check-card", Spec.plain(Action.CheckCard::new));
        SPECS.put("erase-share", Spec.plain(Action.EraseShare::new));
        SPECS.put("sign-transcript", Spec.plain(Action.SignTranscript::new));
    }

    private ActionReader() {
    }

    /** Every action's YAML name, in the order the README lists them. */
    static List<String> kinds() {
        return List.copyOf(SPECS.keySet());
    }

    static Optional<Action> read(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode) {
            return YamlMap.text(node, path, problems)
                    .flatMap(name -> spec(name, path, node, problems))
                    .flatMap(spec -> spec.build().apply(null));
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
        Optional<Spec> spec = spec(name.get(), path, only.getKeyNode(), problems);
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
        return spec.get().build().apply(params.get());
    }

    private static Optional<Spec> spec(String name, String path, Node at, Problems problems) {
        Spec spec = SPECS.get(name);
        if (spec == null) {
            problems.add(path, PlainYaml.line(at), "unknown action " + Problems.quote(name)
                    + Suggestion.of(name, SPECS.keySet()).map(s -> "; did you mean '" + s + "'?")
                            .orElse("; see ceremony-scripts/README.md for the list"));
        }
        return Optional.ofNullable(spec);
    }

    private static String describeShape(Node node) {
        if (node instanceof MappingNode m) {
            return m.getValue().isEmpty() ? "an empty mapping" : "a mapping with " + m.getValue().size() + " keys";
        }
        return YamlMap.describe(node);
    }

    /** {@code params} is null for the plain-name form. */
    private static Optional<Action> manual(YamlMap params) {
        if (params == null) {
            return Optional.of(new Action.Manual(null, false));
        }
        Optional<String> record = params.text("record", false);
        Optional<Boolean> required = params.bool("value-required", false);
        if (record.isEmpty() && required.isPresent()) {
            params.node("record", true);
            return Optional.empty();
        }
        return Optional.of(new Action.Manual(record.orElse(null), required.orElse(record.isPresent())));
    }

    private static Optional<Action> writeShare(YamlMap params) {
        if (params == null) {
            return Optional.of(new Action.WriteShare(null));
        }
        return params.integer("custodian", true).map(Action.WriteShare::new);
    }

    private static Optional<TokenRef> tokenOf(YamlMap params) {
        return params.oneOf("token", true, TOKENS);
    }

    static <E> Map<String, E> names(E[] values, Function<E, String> name) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E e : values) {
            map.put(name.apply(e), e);
        }
        return map;
    }
}
