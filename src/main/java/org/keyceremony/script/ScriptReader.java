package org.keyceremony.script;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Turns the node tree into model records, checking shape and types only (meaning is
 * {@link ScriptValidator}'s job). Whatever cannot be read is reported and left out, and
 * reading goes on, so one run finds every error of the file.
 */
final class ScriptReader {
    static final Map<String, CeremonyKind> KINDS = ActionReader.names(CeremonyKind.values(), CeremonyKind::yamlName);
    static final Map<String, Role> ROLES = ActionReader.names(Role.values(), Role::yamlName);
    static final Map<String, KeyAlgorithm> ALGORITHMS = ActionReader.names(KeyAlgorithm.values(), KeyAlgorithm::name);

    /**
     * What could be read. {@code complete} is true when every step was read, so that
     * checks across steps (order of actions) do not report the echo of a broken step.
     */
    record Draft(Optional<Metadata> metadata, Optional<Policy> policy, Map<Role, Integer> roles,
                 List<Act> acts, boolean complete) {
    }

    private final Problems problems;
    private boolean complete = true;

    private ScriptReader(Problems problems) {
        this.problems = problems;
    }

    static Draft read(MappingNode root, Problems problems) {
        return new ScriptReader(problems).read(root);
    }

    private Draft read(MappingNode rootNode) {
        YamlMap root = YamlMap.ofRoot(rootNode, problems).orElseThrow();
        root.allowOnly(List.of("script", "policy", "roles", "acts"));
        Optional<Metadata> metadata = root.map("script", true).flatMap(this::metadata);
        Optional<Policy> policy = root.map("policy", true).map(this::policy);
        Map<Role, Integer> roles = root.map("roles", true).map(this::roles).orElse(Map.of());
        List<Act> acts = root.list("acts", true).map(this::acts).orElse(List.of());
        return new Draft(metadata, policy, roles, acts, complete);
    }

    private Optional<Metadata> metadata(YamlMap m) {
        m.allowOnly(List.of("name", "version", "kind", "objectives", "approval-reference"));
        Optional<String> name = m.text("name", true);
        Optional<String> version = m.text("version", true);
        Optional<CeremonyKind> kind = m.oneOf("kind", true, KINDS);
        Optional<String> objectives = m.paragraph("objectives", true, 2000);
        String approval = m.text("approval-reference", false).orElse("");
        if (name.isEmpty() || version.isEmpty() || kind.isEmpty() || objectives.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Metadata(name.get(), version.get(), kind.get(), objectives.get().strip(), approval));
    }

    private Policy policy(YamlMap m) {
        m.allowOnly(List.of("key", "sharing", "certificate", "require-air-gap", "backup-destinations", "transcript-signer"));
        Optional<KeyPolicy> key = m.map("key", false).flatMap(this::key);
        Optional<SharingPolicy> sharing = m.map("sharing", false).flatMap(this::sharing);
        Optional<CertificateProfile> certificate = m.map("certificate", false).flatMap(this::certificate);
        boolean airGap = m.bool("require-air-gap", true).orElse(false);
        int destinations = m.integer("backup-destinations", false).orElse(0);
        TranscriptSignerIssuer signer = m.oneOf("transcript-signer", false, TranscriptSignerIssuer.NAMES)
                .orElse(TranscriptSignerIssuer.ROOT);
        return new Policy(key, sharing, certificate, airGap, destinations, signer);
    }

    private Optional<KeyPolicy> key(YamlMap m) {
        m.allowOnly(List.of("algorithm", "size", "curve", "label", "id"));
        Optional<KeyAlgorithm> algorithm = m.oneOf("algorithm", true, ALGORITHMS);
        Optional<Integer> size = m.integer("size", false);
        Optional<String> curve = m.text("curve", false);
        Optional<String> label = m.text("label", true);
        Optional<String> id = m.text("id", true);
        boolean sizeBad = m.node("size", false).isPresent() && size.isEmpty();
        boolean curveBad = m.node("curve", false).isPresent() && curve.isEmpty();
        if (algorithm.isEmpty() || label.isEmpty() || id.isEmpty() || sizeBad || curveBad) {
            return Optional.empty();
        }
        return Optional.of(new KeyPolicy(algorithm.get(), size.orElse(0), curve.orElse(null), label.get(), id.get()));
    }

    private Optional<SharingPolicy> sharing(YamlMap m) {
        m.allowOnly(List.of("threshold", "shares"));
        Optional<Integer> threshold = m.integer("threshold", true);
        Optional<Integer> shares = m.integer("shares", true);
        if (threshold.isEmpty() || shares.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SharingPolicy(threshold.get(), shares.get()));
    }

    private Optional<CertificateProfile> certificate(YamlMap m) {
        m.allowOnly(List.of("profile", "subject", "validity-days", "not-before", "not-after", "key-usage", "path-length",
                "digest"));
        Map<String, String> profiles = new java.util.LinkedHashMap<>();
        CertificateProfile.PROFILES.forEach(p -> profiles.put(p, p));
        boolean profileGiven = m.node("profile", false).isPresent();
        Optional<String> profile = profileGiven ? m.oneOf("profile", true, profiles)
                : Optional.of(CertificateProfile.CABF_TLS_ROOT);
        Optional<String> subject = m.text("subject", true, 1024);
        Optional<CertificateValidity> validity = CertificateFields.validity(m);
        Optional<Integer> pathLength = m.integer("path-length", false);
        Optional<String> digest = m.text("digest", true);
        boolean pathBad = m.node("path-length", false).isPresent() && pathLength.isEmpty();
        Optional<Set<KeyUsageBit>> keyUsage = CertificateFields.keyUsage(m, CertificateProfile.DEFAULT_KEY_USAGE);
        if (subject.isEmpty() || validity.isEmpty() || digest.isEmpty() || pathBad || keyUsage.isEmpty()
                || profile.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CertificateProfile(subject.get(), validity.get(), pathLength.orElse(null), digest.get(),
                keyUsage.get(), profile.get()));
    }

    private Map<Role, Integer> roles(YamlMap m) {
        m.allowOnly(List.copyOf(ROLES.keySet()));
        Map<Role, Integer> roles = new EnumMap<>(Role.class);
        ROLES.forEach((name, role) -> m.integer(name, false).ifPresent(n -> roles.put(role, n)));
        return roles;
    }

    private List<Act> acts(List<Node> nodes) {
        if (nodes.isEmpty()) {
            problems.at("acts", "a script needs at least one act");
            complete = false;
        }
        List<Act> acts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int number = i + 1;
            String path = "acts[" + number + "]";
            problems.recordLine(path, PlainYaml.line(nodes.get(i)));
            Optional<YamlMap> act = YamlMap.of(nodes.get(i), path, problems);
            if (act.isEmpty()) {
                complete = false;
                continue;
            }
            act.get().allowOnly(List.of("title", "steps"));
            Optional<String> title = act.get().text("title", true);
            List<Step> steps = act.get().list("steps", true).map(s -> steps(number, path, s)).orElseGet(() -> {
                complete = false;
                return List.of();
            });
            acts.add(new Act(number, title.orElse(""), steps));
        }
        return acts;
    }

    private List<Step> steps(int act, String actPath, List<Node> nodes) {
        if (nodes.isEmpty()) {
            problems.at(actPath + ".steps", "an act needs at least one step");
            complete = false;
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int number = i + 1;
            String path = actPath + ".steps[" + number + "]";
            problems.recordLine(path, PlainYaml.line(nodes.get(i)));
            Optional<Step> step = YamlMap.of(nodes.get(i), path, problems).flatMap(m -> step(m, act + "." + number));
            step.ifPresentOrElse(steps::add, () -> complete = false);
        }
        return steps;
    }

    private Optional<Step> step(YamlMap m, String expectedId) {
        m.allowOnly(List.of("id", "title", "text", "actor", "confirmer", "resume-point", "action"));
        Optional<String> id = m.text("id", true);
        id.filter(i -> !i.equals(expectedId)).ifPresent(i -> problems.at(m.child("id"), "expected '" + expectedId
                + "', found " + Problems.quote(i) + "; steps are numbered <act>.<step> in order, from 1"));
        Optional<String> title = m.text("title", true);
        Optional<String> text = m.paragraph("text", true, TextRules.PARAGRAPH);
        Optional<Role> actor = m.oneOf("actor", true, ROLES);
        Optional<Role> confirmer = m.oneOf("confirmer", true, ROLES);
        Optional<Boolean> resume = m.bool("resume-point", false);
        boolean resumeBad = m.node("resume-point", false).isPresent() && resume.isEmpty();
        Optional<Action> action = m.node("action", true).flatMap(n -> ActionReader.read(n, m.child("action"), problems));
        if (id.isEmpty() || title.isEmpty() || text.isEmpty() || actor.isEmpty() || confirmer.isEmpty()
                || resumeBad || action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step(expectedId, title.get(), text.get().strip(), actor.get(), confirmer.get(),
                resume.orElse(false), action.get(), m.line()));
    }
}
