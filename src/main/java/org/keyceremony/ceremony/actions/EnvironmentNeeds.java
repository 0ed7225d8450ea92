package org.keyceremony.ceremony.actions;

import java.util.EnumSet;
import java.util.Set;

import org.keyceremony.script.ActionKind;
import org.keyceremony.script.ActionKinds;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.script.TokenRef;

/**
 * What a script needs from the room before it can start: which HSM tokens it works on, whether
 * custodians' cards are used, and how many backup media must be named. The GUI's HSM selection
 * screen asks exactly for these, so a ceremony never stops at step 3.5 for a medium nobody named.
 *
 * @param tokens       the token roles the steps name ({@code hsm}, {@code target-hsm}); every step that works
 *                     in an HSM follows an {@code hsm-login} naming its token
 * @param cards        true if a step writes, reads, checks or erases a share on a card
 * @param writesBackup true if a step writes the backup package (then {@code media} is the policy's count)
 * @param readsBackup  true if a step loads a backup package from the media
 * @param media        how many backup media (directories) must be given: the policy's destinations when the
 *                     backup is written, at least one when it is only read, else 0
 */
public record EnvironmentNeeds(Set<TokenRef> tokens, boolean cards, boolean writesBackup, boolean readsBackup,
                               int media) {
    public EnvironmentNeeds {
        tokens = Set.copyOf(tokens);
    }

    /** The needs of {@code script}, from its steps' actions and its policy. */
    public static EnvironmentNeeds of(CeremonyScript script) {
        return of(script, 0);
    }

    /** The needs of {@code script}'s steps from index {@code from} on (a resumed ceremony's). */
    public static EnvironmentNeeds of(CeremonyScript script, int from) {
        Set<TokenRef> tokens = EnumSet.noneOf(TokenRef.class);
        boolean cards = false;
        boolean writes = false;
        boolean reads = false;
        for (Step s : script.steps().subList(Math.max(0, Math.min(from, script.steps().size())), script.steps().size())) {
            ActionKind<?> kind = ActionKinds.of(s.action());
            kind.tokenOf(s.action()).ifPresent(tokens::add);
            cards |= kind.uses().contains(ActionKind.Use.CARDS);
            writes |= kind.uses().contains(ActionKind.Use.WRITES_BACKUP);
            reads |= kind.uses().contains(ActionKind.Use.READS_BACKUP);
        }
        int media = writes ? Math.max(1, script.policy().backupDestinations()) : reads ? 1 : 0;
        return new EnvironmentNeeds(tokens, cards, writes, reads, media);
    }
}
