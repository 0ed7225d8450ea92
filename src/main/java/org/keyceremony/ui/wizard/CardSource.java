package org.keyceremony.ui.wizard;

import java.util.List;

import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.base.KeyCeremonyException;

/**
 * The custodians' cards present in the readers right now (the card library's tokens, without
 * the HSM tokens of the ceremony), for the wizard's live card detection in a real ceremony.
 * Called on a worker thread, every second or so while a card is asked for.
 */
@FunctionalInterface
public interface CardSource {
    List<TokenInfo> present() throws KeyCeremonyException;
}
