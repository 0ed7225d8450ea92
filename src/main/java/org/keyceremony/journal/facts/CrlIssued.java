package org.keyceremony.journal.facts;

/**
 * Facts of a step that issued a CRL under the root: what the key ledger ({@code ceremony status})
 * lists and warns about, read through this interface so that the ledger needs no action module.
 */
public interface CrlIssued extends StepFacts {

    /** SHA-256 of the CRL's DER. */
    String sha256();

    /** The CRL number, decimal. */
    String crlNumber();

    /** thisUpdate, RFC 3339 UTC. */
    String thisUpdate();

    /** nextUpdate, RFC 3339 UTC. */
    String nextUpdate();
}
