package org.keyceremony.reliability;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.keyceremony.hsm.Pkcs11Api;

/** A pass-through PKCS#11 layer that tracks which sessions are open and how many logins are outstanding. */
final class SessionCounter implements UnaryOperator<Pkcs11Api> {
    private final Set<Long> open = ConcurrentHashMap.newKeySet();
    private volatile long opened;

    int openSessions() {
        return open.size();
    }

    long sessionsOpened() {
        return opened;
    }

    @Override
    public Pkcs11Api apply(Pkcs11Api real) {
        return (Pkcs11Api) Proxy.newProxyInstance(Pkcs11Api.class.getClassLoader(), new Class<?>[] {Pkcs11Api.class},
                (proxy, m, args) -> {
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
                        }
                        case "C_CloseSession" -> open.remove((Long) args[0]);
                        case "C_Finalize" -> open.clear();
                        default -> { }
                    }
                    return result;
                });
    }
}
