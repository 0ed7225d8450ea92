package org.keyceremony.reliability;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import org.keyceremony.hsm.Pkcs11Api;

/**
 * A pass-through PKCS#11 layer that tracks which sessions are open, and counts per token label
 * and per ceremony step how many sessions were opened and how many logins were tried: what one
 * card insertion costs. The step is set by the test ({@link #step(String)}), e.g. when the
 * prompter shows it.
 */
final class SessionCounter implements UnaryOperator<Pkcs11Api> {
    private final Set<Long> open = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> labelOfSession = new ConcurrentHashMap<>();
    private final Map<String, Integer> sessionsByStepAndLabel = new ConcurrentHashMap<>();
    private final Map<String, Integer> loginsByStepAndLabel = new ConcurrentHashMap<>();
    private volatile long opened;
    private volatile String step = "";
    private volatile BiConsumer<String, String> onCall = (method, label) -> { };

    int openSessions() {
        return open.size();
    }

    long sessionsOpened() {
        return opened;
    }

    /** The step the next calls belong to. */
    void step(String id) {
        step = id;
    }

    /** Called with the C_ function's name and the session's token label before every call in a session. */
    void onSessionCall(BiConsumer<String, String> hook) {
        onCall = hook;
    }

    /** Sessions opened with the token labelled {@code label} during step {@code step}. */
    int sessions(String step, String label) {
        return sessionsByStepAndLabel.getOrDefault(step + "\u0000" + label, 0);
    }

    /** C_Login calls (successful or not) on the token labelled {@code label} during step {@code step}. */
    int logins(String step, String label) {
        return loginsByStepAndLabel.getOrDefault(step + "\u0000" + label, 0);
    }

    @Override
    public Pkcs11Api apply(Pkcs11Api real) {
        return (Pkcs11Api) Proxy.newProxyInstance(Pkcs11Api.class.getClassLoader(), new Class<?>[] {Pkcs11Api.class},
                (proxy, m, args) -> {
                    String label = args != null && args.length > 0 && args[0] instanceof Long h
                            && !m.getName().equals("C_OpenSession") ? labelOfSession.get(h) : null;
                    if (label != null) {
                        onCall.accept(m.getName(), label);
                    }
                    if (m.getName().equals("C_Login") && label != null) {
                        loginsByStepAndLabel.merge(step + "\u0000" + label, 1, Integer::sum);
                    }
                    Object result;
                    try {
                        result = m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        if (m.getName().equals("C_CloseSession")) {
                            open.remove((Long) args[0]);
                        }
                        throw e.getCause();
                    }
                    switch (m.getName()) {
                        case "C_OpenSession" -> {
                            open.add((Long) result);
                            opened++;
                            String token = new String(real.C_GetTokenInfo((Long) args[0]).label).strip();
                            labelOfSession.put((Long) result, token);
                            sessionsByStepAndLabel.merge(step + "\u0000" + token, 1, Integer::sum);
                        }
                        case "C_CloseSession" -> open.remove((Long) args[0]);
                        case "C_Finalize" -> open.clear();
                        default -> { }
                    }
                    return result;
                });
    }
}
