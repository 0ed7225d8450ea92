package org.keyceremony.ceremony.actions;

import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
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

    HsmConnection(HsmToken token) {
        this.token = token;
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
