package org.keyceremony.journal.facts;

/**
 * What one action established, as a record: written into its {@code step-end} event's
 * {@code facts} by {@link FactsCodec#write} and read back, strictly, by {@link ActionFacts#read}.
 * Never a secret: no PIN, share, KWK or key byte (a record's {@code toString} prints every
 * component, so nothing secret may ever be one).
 */
public interface StepFacts {
}
