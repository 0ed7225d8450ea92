package org.keyceremony.journal.facts;

import java.util.List;
import java.util.Optional;

/** The facts of the actions on the HSM token itself: identity, login, key protection, sealing. */
public final class HsmFacts {
    private HsmFacts() {
    }

    /** A token as it reports itself. */
    public record Token(String tokenLabel, String manufacturer, String model, String serial, String firmware) {
    }

    /** {@code identify-hsm}: the token, the role it plays, the PKCS#11 library and its SHA-256, the token's flags. */
    public record IdentifyHsm(@Inline Token token, String role, String library, String librarySha256, String flags)
            implements StepFacts {
    }

    /** {@code hsm-login}: the token logged in to. */
    public record HsmLogin(@Inline Token token, boolean loggedIn) implements StepFacts {
    }

    /** {@code hsm-logout}: which token's session was closed, and whether there was one. */
    public record HsmLogout(String token, boolean loggedOut) implements StepFacts {
    }

    /**
     * {@code check-key-protection}: what the token enforced on throw-away keys. {@code securityOfficerPin}
     * ({@code ok}, {@code count_low}, {@code final_try}) only when the script needs the security officer.
     */
    public record CheckKeyProtection(String tokenSerial, Optional<String> securityOfficerPin, String probeKey,
                                     List<String> wrapMechanisms, List<String> checks, boolean allHeld)
            implements StepFacts {
    }

    /**
     * {@code seal-root-key}: the root key made non-extractable, its attributes before and after
     * (read back), and the wraps tried and refused.
     */
    public record SealRootKey(String tokenSerial, String label, String id, String algorithm, Optional<String> size,
                              Optional<String> curve, String spkiSha256, List<String> attributesBefore,
                              List<String> attributes, boolean sealedNow, List<String> wrapAttempts,
                              boolean extractable) implements StepFacts {
        public SealRootKey {
            KeyFacts.requireSizeOrCurve(size, curve);
        }
    }
}
