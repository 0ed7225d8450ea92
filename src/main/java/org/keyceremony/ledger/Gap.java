package org.keyceremony.ledger;

/**
 * A ceremony that a verified transcript builds on but that the archive does not hold (or holds only
 * as a transcript that fails verification): named, with the ceremony that refers to it.
 *
 * @param ceremony     the missing ceremony's id, or its transcript's file name when only that is known
 * @param description  what is missing and how it is known (e.g. the SHA-256 recorded)
 * @param referencedBy the ceremony that builds on it
 */
public record Gap(String ceremony, String description, String referencedBy) {
}
