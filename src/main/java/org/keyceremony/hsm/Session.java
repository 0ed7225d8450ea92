package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_TOKEN_PRESENT;

import java.util.ArrayList;
import java.util.List;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_SLOT_INFO;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * One PKCS#11 session with one token, and the checks around every call: the library has
 * not been re-initialised underneath us, the token is still there, and it is still the same
 * token (serial and label). Not thread-safe; {@link HsmToken} serialises access.
 */
final class Session {
    /** A PKCS#11 call that may fail with a return code. */
    @FunctionalInterface
    interface Call<T> {
        T run(Pkcs11Api p11, long session) throws PKCS11Exception;
    }

    /** A PKCS#11 call without a result. */
    @FunctionalInterface
    interface Action {
        void run(Pkcs11Api p11, long session) throws PKCS11Exception;
    }

    private final Pkcs11Module module;
    private final int generation;
    private final TokenInfo opened;
    private final long handle;

    private Session(Pkcs11Module module, int generation, TokenInfo opened, long handle) {
        this.module = module;
        this.generation = generation;
        this.opened = opened;
        this.handle = handle;
    }

    static Session open(Pkcs11Module module, TokenInfo token) throws HsmException {
        int generation = module.generation();
        long flags = sun.security.pkcs11.wrapper.PKCS11Constants.CKF_SERIAL_SESSION
                | sun.security.pkcs11.wrapper.PKCS11Constants.CKF_RW_SESSION;
        try {
            long h = module.api().C_OpenSession(token.slotId(), flags);
            return new Session(module, generation, token, h);
        } catch (PKCS11Exception | RuntimeException e) {
            throw Pkcs11Failures.translate(e, "open a session with token " + token.describe()
                    + " in slot " + token.slotId() + " (is the token in this slot, is it initialised?)", null);
        }
    }

    TokenInfo opened() {
        return opened;
    }

    String tokenName() {
        return opened.describe();
    }

    /** Runs {@code call}, translating a failure into a typed {@link HsmException}. */
    <T> T call(String attempted, Call<T> call) throws HsmException {
        return call(attempted, PinHolder.UNNAMED, call);
    }

    /** As {@link #call(String, Call)} for a login: a refused PIN is reported to {@code holder}. */
    <T> T call(String attempted, PinHolder holder, Call<T> call) throws HsmException {
        Pkcs11Api p11 = api();
        try {
            return call.run(p11, handle);
        } catch (PKCS11Exception | RuntimeException e) {
            throw Pkcs11Failures.translate(e, attempted + " on token " + tokenName(), flagsAfterFailure(p11), holder);
        }
    }

    void run(String attempted, Action action) throws HsmException {
        call(attempted, (p11, s) -> {
            action.run(p11, s);
            return null;
        });
    }

    /**
     * Refuses to go on unless the token we opened is still in its slot with the same serial
     * and label. SunPKCS11 and SoftHSM2 can otherwise "succeed" against a vanished token.
     */
    void ensureSameToken() throws HsmException {
        Pkcs11Api p11 = api();
        String where = "token " + tokenName() + " in slot " + opened.slotId();
        try {
            CK_SLOT_INFO slot = p11.C_GetSlotInfo(opened.slotId());
            if ((slot.flags & CKF_TOKEN_PRESENT) == 0) {
                throw new HsmException("The " + where + " is no longer present. Re-insert it (or "
                        + "reconnect the HSM), then open it again; the step was not carried out.");
            }
            CK_TOKEN_INFO now = p11.C_GetTokenInfo(opened.slotId());
            String serial = Templates.padded(now.serialNumber);
            String label = Templates.padded(now.label);
            if (!serial.equals(opened.serial()) || !label.equals(opened.label())) {
                throw new HsmException("The slot of " + where + " now holds another token ('" + label
                        + "', serial " + serial + "). Put the original token back; the step was not carried out.");
            }
        } catch (PKCS11Exception | RuntimeException e) {
            // Measured: after SoftHSM2's token directory is deleted, C_GetTokenInfo answers
            // CKR_GENERAL_ERROR. Whatever the code, a token that cannot say who it is is gone.
            long code = Pkcs11Failures.returnCodeIn(e).orElse(-1);
            throw new HsmException("The " + where + " no longer answers: it was removed, deleted or "
                    + "has failed. Re-insert or reconnect it and open it again; the step was not carried out."
                    + (code >= 0 ? " [" + ReturnCode.describe(code) + "]" : ""),
                    ReturnCode.of(code).orElse(null), e);
        }
    }

    /** All objects matching {@code template} (visible to this session's login state). */
    List<Long> find(String attempted, CK_ATTRIBUTE... template) throws HsmException {
        return call(attempted, (p11, s) -> {
            List<Long> found = new ArrayList<>();
            p11.C_FindObjectsInit(s, template);
            try {
                while (true) {
                    long[] batch = p11.C_FindObjects(s, 64);
                    if (batch == null || batch.length == 0) {
                        break;
                    }
                    for (long h : batch) {
                        found.add(h);
                    }
                }
            } finally {
                p11.C_FindObjectsFinal(s);
            }
            return found;
        });
    }

    /** Reads the given attribute types of {@code object}. */
    CK_ATTRIBUTE[] read(String attempted, long object, long... types) throws HsmException {
        CK_ATTRIBUTE[] template = new CK_ATTRIBUTE[types.length];
        for (int i = 0; i < types.length; i++) {
            template[i] = new CK_ATTRIBUTE(types[i]);
        }
        run(attempted, (p11, s) -> p11.C_GetAttributeValue(s, object, template));
        return template;
    }

    /** Destroys {@code object}; used for rollback, so it reports but never hides the first failure. */
    void destroyQuietly(long object, Throwable primary) {
        try {
            api().C_DestroyObject(handle, object);
        } catch (PKCS11Exception | RuntimeException | SessionLostException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }

    void close() {
        if (module.generation() != generation) {
            return;
        }
        try {
            module.api().C_CloseSession(handle);
        } catch (PKCS11Exception | RuntimeException e) {
            // The session is gone either way; nothing left to release.
        }
    }

    private Pkcs11Api api() throws SessionLostException {
        if (module.generation() != generation) {
            throw new SessionLostException("The session with token " + tokenName() + " ended because the PKCS#11 "
                    + "library was initialised again. Open the token again and check its state before repeating the step.");
        }
        return module.api();
    }

    private Long flagsAfterFailure(Pkcs11Api p11) {
        try {
            return p11.C_GetTokenInfo(opened.slotId()).flags;
        } catch (PKCS11Exception | RuntimeException e) {
            return null;
        }
    }
}
