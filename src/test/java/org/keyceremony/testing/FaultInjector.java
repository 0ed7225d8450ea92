package org.keyceremony.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.keyceremony.hsm.Pkcs11Api;
import org.keyceremony.hsm.ReturnCode;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * A fault-injecting layer in front of the real PKCS#11 library, for what SoftHSM2 cannot do:
 * lock a PIN, report its last tries, lose a card or a session, run out of device memory. Pass
 * it to {@code Pkcs11Module.open(path, injector)} or {@code CeremonyEnvironment.withPkcs11Layer}.
 * Every other call goes to the real library unchanged.
 *
 * <p>Faults are armed per C_ function name and fire on the matching call after skipping a
 * given number of them. Inject at an operation's {@code C_xInit}, not at {@code C_x}: a real
 * library ends an operation whose {@code C_x} fails, an injected failure in front of it would
 * leave the operation active in the session.
 */
public final class FaultInjector implements UnaryOperator<Pkcs11Api> {
    /** Calls whose first argument is a slot id, not a session handle. */
    private static final java.util.Set<String> SLOT_CALLS = java.util.Set.of("C_GetSlotInfo", "C_GetTokenInfo",
            "C_GetMechanismList", "C_OpenSession");

    private record Armed(String method, long code, int skip, int times) {
    }

    private final List<Armed> armed = new ArrayList<>();
    private final Map<String, Long> extraFlags = new ConcurrentHashMap<>();
    private final List<Armed> afterTriggers = new ArrayList<>();
    private final List<Armed> pendingAfter = new ArrayList<>();
    private final List<Armed> sessionLoss = new ArrayList<>();
    private final java.util.Set<Long> deadSessions = new java.util.HashSet<>();
    private final List<String> fired = new ArrayList<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final java.util.Set<String> pulled = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> crashes = ConcurrentHashMap.newKeySet();
    private final Map<String, Runnable> beforeCalls = new ConcurrentHashMap<>();

    /**
     * The process "dies" at the next call of a method: {@link SimulatedCrash} (an Error, which no
     * handler or engine catches) is thrown before the call reaches the library. What is on disk
     * and on the tokens is then exactly what a SIGKILL at that moment would leave.
     */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String method) {
            super("simulated crash at " + method);
        }
    }

    /**
     * Runs {@code change} just before the next call of {@code method} reaches the library: the
     * world changes at a chosen moment inside a step (a medium pulled or replaced while the backup
     * package is signed, between the step's checks and its writes).
     */
    public FaultInjector beforeNext(String method, Runnable change) {
        beforeCalls.put(method, change);
        return this;
    }

    /** The next call of {@code method} throws {@link SimulatedCrash} instead of reaching the library. */
    public FaultInjector crashAt(String method) {
        crashes.add(method);
        return this;
    }

    /** The next call of {@code method} fails with {@code code}. */
    public synchronized FaultInjector failNext(String method, ReturnCode code) {
        return fail(method, code, 0, 1);
    }

    /** After {@code skip} more calls of {@code method} pass, the next {@code times} fail with {@code code}. */
    public synchronized FaultInjector fail(String method, ReturnCode code, int skip, int times) {
        armed.add(new Armed(method, code.value(), seen.getOrDefault(method, 0) + skip, times));
        return this;
    }

    /**
     * After {@code skip} more calls of {@code trigger} pass, the next call of {@code method}
     * fails with {@code code}: e.g. a card pulled right after C_CreateObject, before the read-back.
     */
    public synchronized FaultInjector failAfter(String trigger, int skip, String method, ReturnCode code) {
        afterTriggers.add(new Armed(trigger, 0, seen.getOrDefault(trigger, 0) + skip, 1));
        pendingAfter.add(new Armed(method, code.value(), -1, 1));
        return this;
    }

    /**
     * After {@code skip} more calls of {@code method} pass, the next one loses its session: it and
     * every later call with that session handle fail with CKR_SESSION_HANDLE_INVALID, as when a
     * device resets and the library drops the session (and the login with it).
     */
    public synchronized FaultInjector loseSessionAt(String method, int skip) {
        sessionLoss.add(new Armed(method, 0, seen.getOrDefault(method, 0) + skip, 1));
        return this;
    }

    /**
     * C_GetTokenInfo of the token labelled {@code label} reports {@code flags} (e.g.
     * CKF_USER_PIN_FINAL_TRY) on top of its real ones, until {@link #clearFlags}.
     */
    public FaultInjector reportFlags(String label, long flags) {
        extraFlags.merge(label, flags, (a, b) -> a | b);
        return this;
    }

    public FaultInjector clearFlags(String label) {
        extraFlags.remove(label);
        return this;
    }

    /** The faults that fired, as {@code C_Name:CKR}, in order. */
    public synchronized List<String> fired() {
        return List.copyOf(fired);
    }

    /** How many calls of {@code method} went through this layer. */
    public int calls(String method) {
        return seen.getOrDefault(method, 0);
    }

    /**
     * The token labelled {@code label} is out of its reader: left out of {@code C_GetSlotList}
     * until {@link #insert(String)}. (SoftHSM2 sees its tokens only at {@code C_Initialize}, so a
     * card inserted during a ceremony is played by hiding one that exists.)
     */
    public FaultInjector pull(String label) {
        pulled.add(label);
        return this;
    }

    /** The card labelled {@code label} is inserted again: listed from the next {@code C_GetSlotList} on. */
    public FaultInjector insert(String label) {
        pulled.remove(label);
        return this;
    }

    @Override
    public Pkcs11Api apply(Pkcs11Api real) {
        return (Pkcs11Api) Proxy.newProxyInstance(Pkcs11Api.class.getClassLoader(), new Class<?>[] {Pkcs11Api.class},
                (proxy, m, args) -> {
                    String name = m.getName();
                    Runnable change = beforeCalls.remove(name);
                    if (change != null) {
                        fired.add(name + ":changed");
                        change.run();
                    }
                    if (crashes.remove(name)) {
                        fired.add(name + ":crash");
                        throw new SimulatedCrash(name);
                    }
                    Long code = nextFault(name, args);
                    if (code != null && code == ReturnCode.SESSION_HANDLE_INVALID.value() && args != null
                            && args[0] instanceof Long h && !name.equals("C_CloseSession")) {
                        closeQuietly(real, h); // a lost session takes the library's session (and its login) with it
                    }
                    if (code != null) {
                        throw new PKCS11Exception(code, null);
                    }
                    Object result;
                    try {
                        result = m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (name.equals("C_GetSlotList") && result instanceof long[] slots && !pulled.isEmpty()) {
                        result = present(real, slots);
                    }
                    if (result instanceof CK_TOKEN_INFO info && !extraFlags.isEmpty()) {
                        Long extra = extraFlags.get(new String(info.label).strip());
                        if (extra != null) {
                            info.flags |= extra;
                        }
                    }
                    return result;
                });
    }

    private long[] present(Pkcs11Api real, long[] slots) throws PKCS11Exception {
        List<Long> kept = new ArrayList<>();
        for (long slot : slots) {
            if (!pulled.contains(new String(real.C_GetTokenInfo(slot).label).strip())) {
                kept.add(slot);
            }
        }
        return kept.stream().mapToLong(Long::longValue).toArray();
    }

    private static void closeQuietly(Pkcs11Api real, long session) {
        try {
            real.C_CloseSession(session);
        } catch (PKCS11Exception e) {
            // already gone: the point of the exercise
        }
    }

    private synchronized Long nextFault(String method, Object[] args) {
        int n = seen.merge(method, 1, Integer::sum) - 1;
        boolean withSession = args != null && args.length > 0 && args[0] instanceof Long
                && !SLOT_CALLS.contains(method);
        if (withSession && deadSessions.contains((Long) args[0])) {
            fired.add(method + ":" + ReturnCode.describe(ReturnCode.SESSION_HANDLE_INVALID.value()));
            return ReturnCode.SESSION_HANDLE_INVALID.value();
        }
        for (int i = 0; i < sessionLoss.size(); i++) {
            if (withSession && sessionLoss.get(i).method.equals(method) && n >= sessionLoss.get(i).skip) {
                sessionLoss.remove(i);
                deadSessions.add((Long) args[0]);
                fired.add(method + ":" + ReturnCode.describe(ReturnCode.SESSION_HANDLE_INVALID.value()));
                return ReturnCode.SESSION_HANDLE_INVALID.value();
            }
        }
        for (int i = 0; i < pendingAfter.size(); i++) {
            Armed p = pendingAfter.get(i);
            if (p.skip >= 0 && p.method.equals(method)) {
                pendingAfter.remove(i);
                afterTriggers.remove(i);
                fired.add(method + ":" + ReturnCode.describe(p.code));
                return p.code;
            }
        }
        for (int i = 0; i < afterTriggers.size(); i++) {
            Armed t = afterTriggers.get(i);
            if (t.method.equals(method) && n >= t.skip && pendingAfter.get(i).skip < 0) {
                Armed p = pendingAfter.get(i);
                pendingAfter.set(i, new Armed(p.method, p.code, 0, 1));
            }
        }
        for (int i = 0; i < armed.size(); i++) {
            Armed a = armed.get(i);
            if (a.method.equals(method) && n >= a.skip) {
                if (a.times <= 1) {
                    armed.remove(i);
                } else {
                    armed.set(i, new Armed(a.method, a.code, a.skip, a.times - 1));
                }
                fired.add(method + ":" + ReturnCode.describe(a.code));
                return a.code;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "FaultInjector" + armed;
    }
}
