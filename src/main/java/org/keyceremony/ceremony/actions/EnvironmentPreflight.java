package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.actions.session.Outputs;
import org.keyceremony.ceremony.Preflight;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.base.KeyCeremonyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The room, checked before a ceremony's first event: the PKCS#11 libraries the script needs are
 * files, and the backup media it writes are mounted folders, writable, each a medium of its own.
 * A medium that is not there now would otherwise be found at step 3.6, after the key exists.
 */
record EnvironmentPreflight(CeremonyEnvironment env) implements Preflight {

    @Override
    public List<String> problems(CeremonyScript script, boolean rehearsal, int from) {
        EnvironmentNeeds needs = EnvironmentNeeds.of(script, from);
        List<String> problems = new ArrayList<>();
        if (!needs.tokens().isEmpty() && !Files.isRegularFile(env.hsmModule())) {
            problems.add("the HSM's PKCS#11 library " + env.hsmModule() + " is not a file");
        }
        if (needs.cards() && !Files.isRegularFile(env.cardModule())) {
            problems.add("the cards' PKCS#11 library " + env.cardModule() + " is not a file");
        }
        if (needs.writesBackup()) {
            int wanted = script.policy().backupDestinations();
            if (env.backupDestinations().size() < wanted) {
                problems.add("the policy writes the backup to " + wanted + " media, but " + env.backupDestinations().size()
                        + " were named");
            }
            Map<String, Path> seen = new HashMap<>();
            for (Path d : env.backupDestinations().subList(0, Math.min(wanted, env.backupDestinations().size()))) {
                if (!Files.isDirectory(d)) {
                    problems.add("the backup medium " + d + " is not there (insert and mount it; KeyCeremony never "
                            + "creates it)");
                    continue;
                }
                if (!Files.isWritable(d)) {
                    problems.add("the backup medium " + d + " is not writable (write-protected?)");
                }
                try {
                    String identity = Outputs.identity(d);
                    Path other = seen.putIfAbsent(identity, d);
                    if (other != null && !identity.isEmpty()) {
                        problems.add("the backup media " + other + " and " + d + " are the same folder");
                    }
                } catch (KeyCeremonyException e) {
                    problems.add(e.getMessage());
                }
            }
        } else if (needs.readsBackup() && env.backupDestinations().stream().noneMatch(Files::isDirectory)) {
            problems.add("no backup medium is mounted (named: " + env.backupDestinations() + ")");
        }
        return problems;
    }

    @Override
    public Map<Integer, String> cardsByCustodian() {
        return env.cardsByCustodian();
    }
}
