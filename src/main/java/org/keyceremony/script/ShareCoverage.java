package org.keyceremony.script;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the {@code write-share} steps against the sharing policy: each custodian
 * (1..N) gets exactly one share, either from one {@code write-share} for everyone in turn
 * or from one {@code write-share: {custodian: k}} each, and {@code verify-quorum} comes
 * only after all N are written.
 */
final class ShareCoverage {
    private final Problems problems;
    private final Optional<SharingPolicy> sharing;

    ShareCoverage(Problems problems, Optional<SharingPolicy> sharing) {
        this.problems = problems;
        this.sharing = sharing;
    }

    void check(List<Step> steps, List<String> actionPaths) {
        String everyone = null;
        boolean anyWrite = false;
        String[] writtenAt = new String[256];
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String path = actionPaths.get(i);
            if (step.action() instanceof Action.WriteShare write) {
                anyWrite = true;
                if (everyone != null) {
                    problems.at(path, "step " + everyone + " already writes every custodian's share");
                } else if (write.custodian() == null) {
                    TreeSet<Integer> some = written(writtenAt);
                    if (!some.isEmpty()) {
                        problems.at(path, "writes every custodian's share, but custodian " + some.first()
                                + "'s was written at step " + writtenAt[some.first()]);
                    }
                    everyone = step.id();
                } else {
                    checkIndex(write.custodian(), step, path + ".write-share.custodian", writtenAt);
                }
            } else if (step.action() instanceof Action.VerifyQuorum && anyWrite && everyone == null
                    && sharing.isPresent()) {
                TreeSet<Integer> missing = new TreeSet<>();
                for (int k = 1; k <= Math.min(255, sharing.get().shares()); k++) {
                    if (writtenAt[k] == null) {
                        missing.add(k);
                    }
                }
                if (!missing.isEmpty()) {
                    problems.at(path, "comes before the shares of custodian"
                            + (missing.size() == 1 ? " " : "s ") + missing.stream().map(String::valueOf)
                            .collect(Collectors.joining(", ")) + " are written");
                }
            }
        }
    }

    private void checkIndex(int custodian, Step step, String path, String[] writtenAt) {
        int n = sharing.map(SharingPolicy::shares).orElse(255);
        if (custodian < 1 || custodian > Math.min(n, 255)) {
            problems.at(path, "custodian " + custodian + " is outside 1.." + n
                    + (sharing.isPresent() ? " (policy.sharing.shares)" : ""));
        } else if (writtenAt[custodian] != null) {
            problems.at(path, "custodian " + custodian + "'s share is already written at step " + writtenAt[custodian]);
        } else {
            writtenAt[custodian] = step.id();
        }
    }

    private static TreeSet<Integer> written(String[] writtenAt) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int k = 1; k < writtenAt.length; k++) {
            if (writtenAt[k] != null) {
                set.add(k);
            }
        }
        return set;
    }
}
