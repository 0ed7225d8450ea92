package org.keyceremony.script;

/** Which HSM token a step works on: the ceremony's HSM or, in a restore, the target HSM. */
public enum TokenRef {
    HSM("hsm"),
    TARGET_HSM("target-hsm");

    private final String yamlName;

    TokenRef(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
