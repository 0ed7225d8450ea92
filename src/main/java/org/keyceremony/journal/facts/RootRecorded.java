package org.keyceremony.journal.facts;

/**
 * Facts that record which root certificate the ceremony works under (by SHA-256 of its DER), so
 * that {@code ceremony verify} can bind the transcript's signer to that root, as it does for the
 * root a ceremony made or loaded from a backup.
 */
public interface RootRecorded extends StepFacts {

    /** The SHA-256 (lower-case hex) of the root certificate's DER. */
    String rootCertificateSha256();
}
