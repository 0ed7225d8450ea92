package org.keyceremony.script;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each kind of ceremony must and may contain: the policy parts it needs and those it
 * does not use (a stray part would mislead reviewers), the actions it may use and those
 * it cannot do without.
 */
final class KindRules {

    /** One kind's rules. */
    record Rule(List<String> policyRequired, List<String> policyUnused, Set<String> actions, List<String> required) {
    }

    /** Actions any kind may use. */
    static final Set<String> COMMON = Set.of("manual", "record-participants", "check-air-gap", "record-software",
            "identify-hsm", "confirm-time", "hsm-login", "hsm-logout", "issue-transcript-certificate", "zeroize",
            "sign-transcript", "check-key-protection");

    static final Map<CeremonyKind, Rule> RULES = new EnumMap<>(CeremonyKind.class);

    static {
        RULES.put(CeremonyKind.ROOT_KEY_GENERATION, new Rule(List.of("key", "sharing", "certificate"), List.of(),
                with("generate-root-key", "self-sign-certificate", "generate-kwk", "wrap-root-key", "split-kwk",
                        "write-share", "verify-quorum", "write-backup", "verify-backup-restores", "seal-root-key"),
                List.of("record-participants", "check-key-protection", "generate-root-key", "self-sign-certificate",
                        "issue-transcript-certificate", "generate-kwk", "wrap-root-key", "split-kwk", "write-share",
                        "verify-quorum", "write-backup", "verify-backup-restores", "seal-root-key", "zeroize",
                        "sign-transcript")));
        RULES.put(CeremonyKind.BACKUP_RESTORE, new Rule(List.of("key", "sharing"), List.of("certificate"),
                with("load-backup", "read-share", "combine-kwk", "unwrap-into-hsm", "verify-restored-key",
                        "seal-root-key"),
                List.of("record-participants", "check-key-protection", "load-backup", "read-share", "combine-kwk",
                        "unwrap-into-hsm", "verify-restored-key", "seal-root-key", "issue-transcript-certificate",
                        "zeroize", "sign-transcript")));
        RULES.put(CeremonyKind.SHARE_ROTATION, new Rule(List.of("key", "sharing"), List.of("certificate"),
                with("load-backup", "read-share", "combine-kwk", "generate-kwk", "wrap-root-key", "split-kwk",
                        "write-share", "verify-quorum", "write-backup", "verify-backup-restores", "seal-root-key",
                        "erase-share"),
                List.of("record-participants", "check-key-protection", "load-backup", "read-share", "combine-kwk",
                        "generate-kwk", "wrap-root-key", "split-kwk", "write-share", "verify-quorum", "write-backup",
                        "verify-backup-restores", "seal-root-key", "erase-share", "issue-transcript-certificate",
                        "zeroize", "sign-transcript")));
        RULES.put(CeremonyKind.CARD_CHECK, new Rule(List.of("sharing"), List.of("key", "certificate"),
                with("load-backup", "check-card"),
                List.of("record-participants", "load-backup", "check-card", "zeroize")));
        // The signing ceremonies' own actions come from their modules (DeclaredKind.usedIn).
        RULES.put(CeremonyKind.CRL_SIGNING, new Rule(List.of("key"), List.of("sharing", "certificate"), with(),
                List.of("record-participants", "load-issuer", "prepare-crl", "sign-crl", "issue-transcript-certificate",
                        "sign-transcript")));
        for (CeremonyKind signing : List.of(CeremonyKind.SUBORDINATE_SIGNING, CeremonyKind.CROSS_SIGNING)) {
            RULES.put(signing, new Rule(List.of("key"), List.of("sharing", "certificate"), with(),
                    List.of("record-participants", "load-issuer", "prepare-certificate", "sign-certificate",
                            "issue-transcript-certificate", "sign-transcript")));
        }
    }

    private KindRules() {
    }

    private static Set<String> with(String... specific) {
        Set<String> all = new LinkedHashSet<>(COMMON);
        all.addAll(List.of(specific));
        return Set.copyOf(all);
    }

    static void check(CeremonyKind kind, Policy policy, List<Act> acts, boolean complete, Problems problems) {
        Rule rule = RULES.get(kind);
        String name = "a " + kind.yamlName() + " ceremony";
        Map<String, Optional<?>> parts = Map.of("key", policy.key(), "sharing", policy.sharing(),
                "certificate", policy.certificate());
        for (String part : rule.policyRequired()) {
            // a part given but unreadable has its own error already
            if (parts.get(part).isEmpty() && !problems.hasErrorUnder("policy." + part)) {
                problems.at("policy." + part, "required for " + name);
            }
        }
        for (String part : rule.policyUnused()) {
            if (problems.present("policy." + part)) {
                problems.at("policy." + part, "not used by " + name + "; remove it");
            }
        }
        List<Step> steps = acts.stream().flatMap(a -> a.steps().stream()).toList();
        Set<String> present = new LinkedHashSet<>();
        for (Step step : steps) {
            String action = step.action().kind();
            present.add(action);
            String path = ScriptValidator.pathOf(step) + ".action";
            if (!rule.actions().contains(action)
                    && ActionKinds.module(action).map(m -> !m.usedIn().contains(kind)).orElse(true)) {
                problems.at(path, "'" + action + "' is not part of " + name);
            }
            if (ActionOrder.tokenOf(step.action()).orElse(TokenRef.HSM) == TokenRef.TARGET_HSM
                    && kind != CeremonyKind.BACKUP_RESTORE) {
                problems.at(path, "token 'target-hsm' exists only in a backup-restore ceremony");
            }
            if (step.action() instanceof Action.WrapRootKey && step.actor() != Role.SECURITY_OFFICER) {
                // Only the SO can make the key-wrapping key trusted, the one kind of key that wraps the root key.
                problems.at(ScriptValidator.pathOf(step) + ".actor", "'wrap-root-key' is the security officer's step "
                        + "(actor: security-officer): only the HSM's SO can make the key-wrapping key trusted; found "
                        + step.actor().yamlName());
            }
        }
        if (!complete) {
            return; // a broken step may be the one that has the missing action
        }
        List<String> missing = new ArrayList<>();
        for (String action : rule.required()) {
            if (!present.contains(action)) {
                missing.add(action);
            }
        }
        if (!missing.isEmpty()) {
            problems.at("acts", name + " needs a step with " + String.join(", ", missing.stream()
                    .map(a -> "'" + a + "'").toList()));
        }
        boolean writesBackup = present.contains("write-backup");
        if (writesBackup && policy.backupDestinations() < 2) {
            problems.at("policy.backup-destinations", "must be at least 2 when the script writes a backup; found "
                    + policy.backupDestinations());
        } else if (!writesBackup && policy.backupDestinations() != 0) {
            problems.at("policy.backup-destinations", "is " + policy.backupDestinations()
                    + ", but no step writes a backup; remove it");
        }
        if (policy.backupDestinations() > 16) {
            problems.at("policy.backup-destinations", "must be at most 16; found " + policy.backupDestinations());
        }
        if (policy.requireAirGap() && !present.contains("check-air-gap")) {
            problems.at("policy.require-air-gap", "is true, but no step has the action 'check-air-gap'");
        }
        if (policy.transcriptSigner() == TranscriptSignerIssuer.CEREMONY_CA
                && !present.contains("issue-transcript-certificate")) {
            problems.at("policy.transcript-signer", "is " + TranscriptSignerIssuer.CEREMONY_CA.yamlName()
                    + ", but no step issues a transcript-signing certificate (issue-transcript-certificate); remove it");
        }
    }
}
