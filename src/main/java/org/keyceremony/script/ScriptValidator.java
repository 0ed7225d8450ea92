package org.keyceremony.script;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;


import org.keyceremony.base.AlgorithmRules;

/**
 * Checks what a script means, after {@link ScriptReader} has checked its shape: the
 * policy is one we can carry out and that the CA/B Forum Baseline Requirements allow for
 * a root, the roles can staff the steps, the ceremony kind gets the policy parts and the
 * actions it needs, and the actions come in a possible order ({@link ActionOrder}).
 */
final class ScriptValidator {
    static final Set<Integer> RSA_SIZES = AlgorithmRules.RSA_BITS;
    static final List<String> CURVES = AlgorithmRules.CURVES;
    static final List<String> DIGESTS = AlgorithmRules.DIGESTS;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,31}");
    private static final Pattern HEX_ID = Pattern.compile("([0-9a-fA-F]{2}){1,32}");

    private final Problems problems;

    private ScriptValidator(Problems problems) {
        this.problems = problems;
    }

    static void validate(ScriptReader.Draft draft, Problems problems) {
        new ScriptValidator(problems).validate(draft);
    }

    private void validate(ScriptReader.Draft draft) {
        draft.metadata().ifPresent(this::metadata);
        draft.policy().flatMap(Policy::key).ifPresent(this::key);
        draft.policy().flatMap(Policy::sharing).ifPresent(this::sharing);
        draft.policy().flatMap(Policy::certificate).ifPresent(c -> certificate(c, draft.policy().flatMap(Policy::key)));
        roles(draft.roles(), draft.policy(), draft.metadata().map(Metadata::kind));
        steps(draft.acts(), draft.roles());
        if (draft.metadata().isPresent() && draft.policy().isPresent()) {
            KindRules.check(draft.metadata().get().kind(), draft.policy().get(), draft.acts(), draft.complete(), problems);
        }
        if (draft.complete()) {
            ActionOrder.check(draft.acts(), draft.policy().flatMap(Policy::sharing), problems);
        }
    }

    private void metadata(Metadata m) {
        if (!NAME.matcher(m.name()).matches()) {
            problems.at("script.name", "must be lower-case letters, digits and '-' (at most 64), e.g. "
                    + "root-key-generation; found " + Problems.quote(m.name()));
        }
        if (!VERSION.matcher(m.version()).matches()) {
            problems.at("script.version", "must be letters, digits and . _ + - (at most 32), e.g. 1.0; found "
                    + Problems.quote(m.version()));
        }
    }

    private void key(KeyPolicy key) {
        if (key.algorithm() == KeyAlgorithm.RSA) {
            if (key.rsaBits() == 0) {
                problems.at("policy.key.size", "required for RSA: 3072 or 4096 (2048 is below a root key's strength)");
            } else if (!RSA_SIZES.contains(key.rsaBits())) {
                problems.at("policy.key.size", "RSA size must be 3072 or 4096 (2048 is below a root key's strength); found " + key.rsaBits());
            }
            if (key.curve() != null) {
                problems.at("policy.key.curve", "not used with RSA (give size)");
            }
        } else {
            if (key.curve() == null) {
                problems.at("policy.key.curve", "required for EC: " + String.join(", ", CURVES));
            } else if (!CURVES.contains(key.curve())) {
                problems.at("policy.key.curve", "unknown curve " + Problems.quote(key.curve()) + "; allowed: "
                        + String.join(", ", CURVES));
            }
            if (key.rsaBits() != 0) {
                problems.at("policy.key.size", "not used with EC (give curve)");
            }
        }
        if (key.label().length() > 64 || !key.label().equals(key.label().strip())
                || key.label().codePoints().anyMatch(Character::isISOControl)) {
            problems.at("policy.key.label", "must be 1 to 64 printable characters without leading or trailing spaces");
        }
        if (!HEX_ID.matcher(key.idHex()).matches()) {
            problems.at("policy.key.id", "must be hexadecimal, an even number of digits (2 to 64), e.g. '01'; found "
                    + Problems.quote(key.idHex()));
        }
    }

    private void sharing(SharingPolicy s) {
        if (s.threshold() < 2) {
            problems.at("policy.sharing.threshold", "must be at least 2; one card alone must never rebuild the KWK");
        } else if (s.threshold() > s.shares()) {
            problems.at("policy.sharing.threshold", s.threshold() + " is more than policy.sharing.shares ("
                    + s.shares() + "); the KWK could never be rebuilt");
        }
        if (s.shares() > 255) {
            problems.at("policy.sharing.shares", "must be at most 255 (share indices are one byte); found " + s.shares());
        }
    }

    /** The CA/B Forum root profile ({@link RootCertificateRules}), each finding at its field. */
    private void certificate(CertificateProfile c, Optional<KeyPolicy> key) {
        RootCertificateRules.check(c, key).forEach(f -> problems.at(f.field(), f.message()));
    }

    private void roles(Map<Role, Integer> roles, Optional<Policy> policy, Optional<CeremonyKind> kind) {
        roles.forEach((role, n) -> {
            if (n < 0 || n > 255) {
                problems.at("roles." + role.yamlName(), "must be between 0 and 255; found " + n);
            }
        });
        if (roles.getOrDefault(Role.ADMINISTRATOR, 0) < 1 && problems.present("roles")) {
            problems.at("roles.administrator", "a ceremony needs at least 1 administrator");
        }
        Optional<SharingPolicy> sharing = policy.flatMap(Policy::sharing);
        if (sharing.isPresent() && kind.isPresent()) {
            // A restore needs only a quorum in the room; every other kind deals with every card.
            boolean quorumOnly = kind.get() == CeremonyKind.BACKUP_RESTORE;
            int needed = quorumOnly ? sharing.get().threshold() : sharing.get().shares();
            int custodians = roles.getOrDefault(Role.CUSTODIAN, 0);
            if (custodians < needed && problems.present("roles")) {
                problems.at("roles.custodian", custodians + (custodians == 1 ? " custodian" : " custodians")
                        + (quorumOnly ? " cannot make the quorum of " + needed + " (policy.sharing.threshold)"
                                : " cannot hold " + needed + " shares (policy.sharing.shares)"));
            }
        }
    }

    private void steps(List<Act> acts, Map<Role, Integer> roles) {
        for (Act act : acts) {
            for (Step step : act.steps()) {
                String path = pathOf(step);
                checkStaffed(step.actor(), path + ".actor", roles);
                checkStaffed(step.confirmer(), path + ".confirmer", roles);
                if (step.actor() == step.confirmer()) {
                    problems.at(path + ".confirmer", "must be another role than the actor ("
                            + step.actor().yamlName() + "); nobody confirms their own step");
                }
            }
        }
    }

    /** {@code acts[a].steps[n]} of a step: its id is its position (the reader numbers steps by position). */
    static String pathOf(Step step) {
        int dot = step.id().indexOf('.');
        return "acts[" + step.id().substring(0, dot) + "].steps[" + step.id().substring(dot + 1) + "]";
    }

    private void checkStaffed(Role role, String path, Map<Role, Integer> roles) {
        if (roles.getOrDefault(role, 0) < 1 && problems.present("roles")) {
            problems.at(path, "role '" + role.yamlName() + "' has nobody (roles." + role.yamlName() + " is "
                    + roles.getOrDefault(role, 0) + ")");
        }
    }
}
