package org.keyceremony.hsm;

/**
 * Who types a PIN at the table and what that PIN is called, so that a token's refusal tells the
 * right person what to do: the HSM's user PIN is the administrator's, its SO PIN the security
 * officer's, a card's PIN that card's custodian's. The PKCS#11 code stays out of these sentences
 * ({@link HsmException#detail()} carries it).
 *
 * @param who     the person, as a sentence's subject after "Ask", e.g. {@code the administrator}
 * @param pinName the PIN, e.g. {@code the HSM's user PIN}
 */
public record PinHolder(String who, String pinName) {
    /** Nobody named: a tool's own login (tests, listing). */
    public static final PinHolder UNNAMED = new PinHolder("its holder", "the PIN");

    /** The HSM's user PIN, which the ceremony administrator types. */
    public static PinHolder administrator() {
        return new PinHolder("the administrator", "the HSM's user PIN");
    }

    /** The HSM's security-officer PIN. */
    public static PinHolder securityOfficer() {
        return new PinHolder("the security officer", "the HSM's SO PIN");
    }

    /** A custodian card's PIN, which only that card's custodian types. */
    public static PinHolder custodianOf(String card) {
        return new PinHolder("the custodian who holds '" + card + "'", "the card's PIN");
    }
}
