package org.keyceremony.script;

/**
 * Who the script is: its name, version and kind, and the objectives and approval reference
 * printed on the transcript's cover.
 *
 * @param approvalReference e.g. a change ticket or policy-authority decision; may be empty
 */
public record Metadata(String name, String version, CeremonyKind kind, String objectives, String approvalReference) {
}
