package org.keyceremony.ceremony.actions.session;

import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.SessionLostException;
import org.keyceremony.hsm.TokenNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in HSM session kept between steps (memory state {@code session:hsm} or
 * {@code session:target-hsm}); closing it logs out and closes the session.
 */
public final class HsmConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HsmConnection.class);
    private final HsmToken token;
    private final Pkcs11Module module;
    private final String labelOrSerial;

    /** A connection that cannot be reopened (the caller does not say where the token is). */
    HsmConnection(HsmToken token) {
        this(token, null, null);
    }

    /** A connection that {@link #alive()} can tell lost, and the login step can reopen from {@code module}. */
    HsmConnection(HsmToken token, Pkcs11Module module, String labelOrSerial) {
        this.token = token;
        this.module = module;
        this.labelOrSerial = labelOrSerial;
    }

    /**
     * False if the session no longer answers (CKR_SESSION_HANDLE_INVALID and the like): a
     * harmless search with the session's handle, so that a lost session is found before a
     * step relies on it, not halfway through.
     */
    boolean alive() throws HsmException {
        try {
            token.findObjects(org.keyceremony.hsm.ObjectClass.DATA, "keyceremony session check", null);
            return true;
        } catch (SessionLostException e) {
            return false;
        }
    }

    /** Where to open the token again, if known. */
    java.util.Optional<Pkcs11Module> module() {
        return java.util.Optional.ofNullable(module);
    }

    String labelOrSerial() {
        return labelOrSerial;
    }

    /** Opens the token named by label or, failing that, by serial. */
    static HsmToken open(Pkcs11Module module, String labelOrSerial) throws HsmException {
        try {
            return module.openByLabel(labelOrSerial);
        } catch (TokenNotFoundException byLabel) {
            return module.openBySerial(labelOrSerial);
        }
    }

    public HsmToken token() {
        return token;
    }

    @Override
    public void close() {
        try {
            if (token.isLoggedIn()) {
                token.logout();
            }
        } catch (HsmException e) {
            LOG.warn("logout from {} failed: {}", token.info().describe(), e.getMessage());
        } finally {
            token.close();
        }
    }

    @Override
    public String toString() {
        return "HsmConnection[" + token.info().describe() + "]";
    }
}
