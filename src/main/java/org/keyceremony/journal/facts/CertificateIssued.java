package org.keyceremony.journal.facts;

/**
 * Facts of a step that issued a certificate under the root (a subordinate, a cross certificate):
 * what the key ledger ({@code ceremony status}) lists and warns about, read through this interface
 * so that the ledger needs no action module.
 */
public interface CertificateIssued extends StepFacts {

    /** The certificate profile it was issued under. */
    String profile();

    /** The certificate issued. */
    KeyFacts.Certificate certificate();
}
