package org.keyceremony.script;

import java.util.Optional;

/**
 * The ceremony's policy. Which parts must be present depends on the kind (validation says
 * so): a root key generation needs all of them; a card check needs only sharing.
 *
 * @param backupDestinations how many removable media receive the backup package (0 when none)
 * @param transcriptSigner   who certifies the transcript-signing key ({@code transcript-signer})
 */
public record Policy(Optional<KeyPolicy> key,
                     Optional<SharingPolicy> sharing,
                     Optional<CertificateProfile> certificate,
                     boolean requireAirGap,
                     int backupDestinations,
                     TranscriptSignerIssuer transcriptSigner) {

    /** A policy whose transcript signer the root certifies directly (the default). */
    public Policy(Optional<KeyPolicy> key, Optional<SharingPolicy> sharing, Optional<CertificateProfile> certificate,
                  boolean requireAirGap, int backupDestinations) {
        this(key, sharing, certificate, requireAirGap, backupDestinations, TranscriptSignerIssuer.ROOT);
    }
}
