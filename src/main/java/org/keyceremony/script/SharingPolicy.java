package org.keyceremony.script;

/** M-of-N: {@code threshold} (M) of {@code shares} (N) custodian cards rebuild the KWK. */
public record SharingPolicy(int threshold, int shares) {
}
