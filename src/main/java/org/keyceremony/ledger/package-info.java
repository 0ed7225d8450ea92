/**
 * The key ledger ({@code ceremony status}): where each root key stands between ceremonies, derived
 * only from transcripts that verify exactly as {@code ceremony verify} verifies them. Reads the
 * archive ({@link org.keyceremony.ledger.Archive}), links each key's ceremonies
 * ({@link org.keyceremony.ledger.Ledger}), and applies the policy's warning rules
 * ({@link org.keyceremony.ledger.Warnings}) with the roster's custodian statuses. Depends on
 * {@code transcript}, {@code journal}, {@code script} and {@code base}; never on the engine or a view.
 */
package org.keyceremony.ledger;
