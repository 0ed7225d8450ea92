package org.keyceremony.ceremony.backup;

/**
 * One share of the backup's share set as the metadata lists it: which custodian, which
 * card (serial and label), which share number, and the share's commitment (SHA-256 of its
 * envelope) by which a restore recognises the card before trusting it.
 */
public record ShareRecord(int shareNumber, String custodian, String cardSerial, String cardLabel, String commitmentHex) {
}
