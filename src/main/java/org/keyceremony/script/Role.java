package org.keyceremony.script;

/** The roles of a ceremony; the YAML spelling is {@link #yamlName()}. */
public enum Role {
    ADMINISTRATOR("administrator"),
    WITNESS("witness"),
    CUSTODIAN("custodian"),
    AUDITOR("auditor");

    private final String yamlName;

    Role(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
