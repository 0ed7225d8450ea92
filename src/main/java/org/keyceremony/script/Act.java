package org.keyceremony.script;

import java.util.List;

/** A numbered act (Preflight, Key generation, …) and its steps in order. */
public record Act(int number, String title, List<Step> steps) {
    public Act {
        steps = List.copyOf(steps);
    }
}
