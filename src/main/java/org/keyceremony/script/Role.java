package org.keyceremony.script;

/**
 * The roles of a ceremony; the YAML spelling is {@link #yamlName()}. The security officer holds
 * the HSM's SO PIN: the only credential that can make a key trusted to wrap the root key, so the
 * backup needs the SO and the administrator together (docs/threat-model.md).
 */
public enum Role {
    ADMINISTRATOR("administrator"),
    WITNESS("witness"),
    CUSTODIAN("custodian"),
    AUDITOR("auditor"),
    SECURITY_OFFICER("security-officer");

    private final String yamlName;

    Role(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** Every role's YAML name, comma-separated, for messages. */
    public static String allNames() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Role::yamlName).toList());
    }
}
