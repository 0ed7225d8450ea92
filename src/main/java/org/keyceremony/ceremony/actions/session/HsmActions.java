package org.keyceremony.ceremony.actions.session;

import org.keyceremony.hsm.PinHolder;
import org.keyceremony.journal.facts.HsmFacts;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.preflight.SoftwareIdentity;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.SessionLostException;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.script.Action;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** identify-hsm, hsm-login, hsm-logout: which HSM, and the administrator's session with it. */
public final class HsmActions {
    private HsmActions() {
    }

    public static String sessionName(TokenRef ref) {
        return ActionTraits.SESSION_PREFIX + ref.yamlName();
    }

    /**
     * The serials of the tokens this ceremony uses as an HSM: those its identify-hsm steps recorded
     * and those it is logged in to. A custodian card is never one of them ({@code CustodianCards}).
     */
    public static java.util.Set<String> ceremonyHsmSerials(StepContext ctx) {
        java.util.Set<String> serials = new java.util.TreeSet<>();
        for (TokenRef ref : TokenRef.values()) {
            ctx.ceremony().memory(sessionName(ref), HsmConnection.class).ifPresent(c -> serials.add(c.token().info().serial()));
        }
        java.util.Map<String, String> actionOfStep = new java.util.HashMap<>();
        for (org.keyceremony.journal.Event e : ctx.log()) {
            if (e.is(org.keyceremony.journal.EventType.STEP_BEGIN)) {
                actionOfStep.put(e.step(), String.valueOf(e.data().get("action")));
            } else if (e.is(org.keyceremony.journal.EventType.STEP_END) && "identify-hsm".equals(actionOfStep.get(e.step()))
                    && e.data().get("facts") instanceof Map<?, ?> f) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> facts = (Map<String, Object>) f;
                    if (org.keyceremony.journal.facts.ActionFacts.read("identify-hsm", facts) instanceof HsmFacts.IdentifyHsm h) {
                        serials.add(h.token().serial());
                    }
                } catch (org.keyceremony.base.InvalidInputException unreadable) {
                    // a step's facts the engine wrote itself; unreadable ones identify nothing
                }
            }
        }
        return serials;
    }

    /** The logged-in connection of {@code ref}, or a clear refusal if the script's login step has not run. */
    public static HsmConnection connection(StepContext ctx, TokenRef ref) throws KeyCeremonyException {
        HsmConnection c = ctx.ceremony().memory(sessionName(ref), HsmConnection.class).orElseThrow(() ->
                new KeyCeremonyException("Step " + ctx.step().id() + " needs the " + ref.yamlName()
                        + " session, but nobody is logged in to it. Run the HSM login step first (after a restart, "
                        + "resume from the login step)."));
        c.token().ensurePresent();
        if (!c.alive()) {
            c = reopen(ctx, ref, c);
        }
        return c;
    }

    /**
     * The session was lost (the library or the device dropped it, and the login with it): a
     * new session and a new login, then each step checks the token's state itself before it
     * repeats anything (a key label that already exists is refused, a key is looked up again).
     */
    private static HsmConnection reopen(StepContext ctx, TokenRef ref, HsmConnection lost) throws KeyCeremonyException {
        String was = lost.token().info().describe();
        ctx.ceremony().wipe(sessionName(ref));
        Pkcs11Module module = lost.module().orElseThrow(() -> new SessionLostException("The session with " + was
                + " was lost. Run the HSM login step again (resume from it), then repeat this step."));
        ctx.notice("The session with " + was + " was lost. Opening it again: " + ref.yamlName() + ", type the PIN again.");
        HsmToken token = HsmConnection.open(module, lost.labelOrSerial());
        try {
            PinState state = PinTries.checkBeforeLogin(ctx, token, ref.yamlName());
            try (Pin pin = ctx.pin(ref.yamlName(), state)) {
                token.login(pin, PinHolder.administrator());
            }
        } catch (KeyCeremonyException | RuntimeException e) {
            token.close();
            throw e;
        }
        HsmConnection fresh = new HsmConnection(token, module, lost.labelOrSerial());
        ctx.ceremony().keepInMemory(sessionName(ref), fresh);
        return fresh;
    }

    static HsmFacts.Token tokenFacts(TokenInfo info) {
        return new HsmFacts.Token(info.label(), info.manufacturer(), info.model(), info.serial(), info.firmwareVersion());
    }

    public record Identify(CeremonyEnvironment env, TokenChooser chooser) implements ActionHandler<Action.IdentifyHsm> {
        public Class<Action.IdentifyHsm> actionType() {
            return Action.IdentifyHsm.class;
        }

        public HsmFacts.IdentifyHsm perform(Action.IdentifyHsm action, StepContext ctx) throws KeyCeremonyException {
            Pkcs11Module module = env.openHsmModule();
            try (HsmToken token = HsmConnection.open(module, chooser.token(ctx, action.token()))) {
                String librarySha256;
                try {
                    librarySha256 = Digests.sha256Hex(module.path());
                } catch (IOException e) {
                    throw new KeyCeremonyException("Cannot read the PKCS#11 library " + module.path()
                            + " to hash it: " + e.getMessage(), e);
                }
                return new HsmFacts.IdentifyHsm(tokenFacts(token.info()), action.token().yamlName(),
                        module.path().toString(), librarySha256, token.info().flags().describe());
            }
        }
    }

    public record Login(CeremonyEnvironment env, TokenChooser chooser) implements ActionHandler<Action.HsmLogin> {
        public Class<Action.HsmLogin> actionType() {
            return Action.HsmLogin.class;
        }

        public HsmFacts.HsmLogin perform(Action.HsmLogin action, StepContext ctx) throws KeyCeremonyException {
            Pkcs11Module module = env.openHsmModule();
            HsmToken token = HsmConnection.open(module, chooser.token(ctx, action.token()));
            try {
                PinState state = PinTries.checkBeforeLogin(ctx, token, action.token().yamlName());
                try (Pin pin = ctx.pin(action.token().yamlName(), state)) {
                    token.login(pin, PinHolder.administrator());
                }
            } catch (KeyCeremonyException | RuntimeException e) {
                token.close();
                throw e;
            }
            ctx.ceremony().keepInMemory(sessionName(action.token()),
                    new HsmConnection(token, module, token.info().serial()));
            return new HsmFacts.HsmLogin(tokenFacts(token.info()), true);
        }
    }

    public record Logout() implements ActionHandler<Action.HsmLogout> {
        public Class<Action.HsmLogout> actionType() {
            return Action.HsmLogout.class;
        }

        public HsmFacts.HsmLogout perform(Action.HsmLogout action, StepContext ctx) throws HsmException {
            boolean was = ctx.ceremony().wipe(sessionName(action.token()));
            return new HsmFacts.HsmLogout(action.token().yamlName(), was);
        }
    }
}
