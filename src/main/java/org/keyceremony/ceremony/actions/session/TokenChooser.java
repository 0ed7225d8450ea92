package org.keyceremony.ceremony.actions.session;

import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which token plays each role: from the environment (command line, rehearsal world) or,
 * when it does not say, asked once at the table with the tokens present listed.
 */
public final class TokenChooser {
    private final CeremonyEnvironment env;
    private final Map<TokenRef, String> chosen = new EnumMap<>(TokenRef.class);

    public TokenChooser(CeremonyEnvironment env) {
        this.env = env;
    }

    synchronized String token(StepContext ctx, TokenRef ref) throws KeyCeremonyException {
        String t = env.token(ref);
        if (!t.isEmpty()) {
            return t;
        }
        if (chosen.containsKey(ref)) {
            return chosen.get(ref);
        }
        String present;
        try {
            present = env.openHsmModule().tokens().stream().map(TokenInfo::describe)
                    .collect(Collectors.joining(", "));
        } catch (HsmException e) {
            present = "(cannot list: " + e.getMessage() + ")";
        }
        ctx.notice("Tokens present: " + present);
        String answer = ctx.value("label or serial of the " + ref.yamlName() + " token").strip();
        if (answer.isEmpty()) {
            throw new InvalidInputException("No " + ref.yamlName() + " token was named; name it and retry the step.");
        }
        chosen.put(ref, answer);
        return answer;
    }
}
