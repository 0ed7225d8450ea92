package org.keyceremony.ceremony.pki;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why the root revoked a CA certificate: the RFC 5280 (5.3.1) reason codes that the CA/Browser
 * Forum Baseline Requirements allow in a CRL entry for a CA certificate.
 *
 * <p>BR 7.2.2 ("crlEntryExtensions Component", {@code reasonCode}): "When present (OID 2.5.29.21),
 * MUST NOT be marked critical and MUST indicate the most appropriate reason for revocation of the
 * Certificate. MUST be present unless the CRL entry is for a Certificate not technically capable of
 * causing issuance and either [...] 2) the reason for revocation (i.e., reasonCode) is unspecified
 * (0)." A CA certificate is capable of causing issuance, so its entry always carries a reason, and
 * {@code unspecified} (0), which the BR "CRLReasons" table represents "by the omission of a
 * reasonCode", is not offered. {@code certificateHold} (6) "MUST NOT be included" (same table),
 * {@code removeFromCRL} (8) belongs to delta CRLs only (RFC 5280 5.3.1), and {@code aACompromise}
 * (10) to attribute certificates: none of them exist here.
 *
 * <p>{@code cACompromise} (2) is not in the BR "CRLReasons" table, which is written for subscriber
 * certificates; it is kept for the CA certificates a root revokes, as BR versions up to 2.0.0 allowed
 * every reason but unspecified and certificateHold for them, and as DigiCert's pkilint still allows
 * it in an ARL.
 */
public enum RevocationReason {
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The CRLReason value of RFC 5280 5.3.1, as it is encoded in the reasonCode extension. */
    public int code() {
        return code;
    }

    /** The RFC 5280 spelling, e.g. {@code keyCompromise}: what a ceremony script writes. */
    public String rfcName() {
        return rfcName;
    }

    /** The reason a script names by its RFC 5280 spelling (exact case); empty for any other word. */
    public static Optional<RevocationReason> named(String rfcName) {
        return Arrays.stream(values()).filter(r -> r.rfcName.equals(rfcName)).findFirst();
    }

    /** The reason with this CRLReason value; empty for one the BRs do not allow here. */
    public static Optional<RevocationReason> ofCode(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
