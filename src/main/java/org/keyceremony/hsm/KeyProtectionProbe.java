package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TRUSTED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP_WITH_TRUSTED;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keyceremony.secret.Wipe;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;

/**
 * Proves on throw-away session objects, before any key that matters exists, that a token
 * enforces what KeyCeremony's key protection relies on (docs/threat-model.md, "Who can take a
 * key out"): a key marked {@code CKA_WRAP_WITH_TRUSTED} refuses every untrusted wrapping key,
 * keeps that mark, and only the security officer can make a key trusted; {@code CKA_EXTRACTABLE}
 * goes from true to false and never back, not even through a copy, and a non-extractable key
 * refuses every wrap. A control first shows that wrapping works at all on this token, so that
 * the refusals are the policy's and not a broken mechanism's.
 *
 * <p>Every object it makes is a session object, destroyed before it returns; the one wrapped
 * blob it makes (the control's, under a random key it then destroys) is wiped at once.
 */
final class KeyProtectionProbe {
    /** The AES wrap mechanisms that can carry a private key out: CKM_AES_KEY_WRAP, _PAD, _KWP, CKM_AES_CBC_PAD. */
    static final Map<Long, String> WRAP_MECHANISMS = wrapMechanisms();
    private static final String LABEL = "keyceremony-protection-probe";

    private final Session session;
    private final List<Long> created = new ArrayList<>();
    private final List<ProtectionCheck> checks = new ArrayList<>();

    private KeyProtectionProbe(Session session) {
        this.session = session;
    }

    private static Map<Long, String> wrapMechanisms() {
        Map<Long, String> m = new LinkedHashMap<>();
        m.put(0x2109L, "CKM_AES_KEY_WRAP");
        m.put(KeyWrapMechanism.AES_KEY_WRAP_PAD.value(), KeyWrapMechanism.AES_KEY_WRAP_PAD.ckmName());
        m.put(KeyWrapMechanism.AES_KEY_WRAP_KWP.value(), KeyWrapMechanism.AES_KEY_WRAP_KWP.ckmName());
        m.put(0x1085L, "CKM_AES_CBC_PAD");
        return m;
    }

    /** The wrap mechanisms of {@link #WRAP_MECHANISMS} this token lists. */
    static List<Long> listedWrapMechanisms(Session session) throws HsmException {
        long slot = session.opened().slotId();
        long[] all = session.call("list the token's mechanisms", (p11, s) -> p11.C_GetMechanismList(slot));
        Set<Long> listed = new HashSet<>();
        for (long m : all) {
            listed.add(m);
        }
        return WRAP_MECHANISMS.keySet().stream().filter(listed::contains).toList();
    }

    static KeyProtectionProof run(Session session, KeyPairSpec spec) throws HsmException {
        KeyProtectionProbe probe = new KeyProtectionProbe(session);
        List<Long> mechanisms = listedWrapMechanisms(session);
        try {
            probe.prove(spec, mechanisms);
        } finally {
            probe.destroyAll();
        }
        return new KeyProtectionProof(spec.describe(), mechanisms.stream().map(WRAP_MECHANISMS::get).toList(),
                probe.checks);
    }

    private void prove(KeyPairSpec spec, List<Long> mechanisms) throws HsmException {
        if (mechanisms.isEmpty()) {
            checks.add(new ProtectionCheck("the token offers an AES key-wrap mechanism (a backup needs one)", false,
                    "none of " + WRAP_MECHANISMS.values() + " is listed"));
            return;
        }
        long kek = createAes(false);
        // Control: without the protections a wrap succeeds, so the refusals below mean something.
        long[] open = pair(spec, true, false);
        List<String> controlWraps = new ArrayList<>();
        for (long m : mechanisms) {
            Optional<String> refused = tryWrap(kek, open[1], m);
            if (refused.isEmpty()) {
                controlWraps.add(WRAP_MECHANISMS.get(m));
            }
        }
        checks.add(new ProtectionCheck("control: an extractable key without CKA_WRAP_WITH_TRUSTED can be wrapped, so the "
                + "refusals below are the policy's, not a broken mechanism's", !controlWraps.isEmpty(),
                controlWraps.isEmpty() ? "no mechanism wrapped it" : "wrapped with " + String.join(", ", controlWraps)));

        long[] guarded = pair(spec, true, true);
        Optional<Boolean> wwt = readFlag(session, guarded[1], CKA_WRAP_WITH_TRUSTED);
        checks.add(new ProtectionCheck("a key generated with CKA_WRAP_WITH_TRUSTED=true keeps it",
                wwt.equals(Optional.of(true)), "read back " + wwt.map(String::valueOf).orElse("nothing")));
        checks.add(refusedByEvery(mechanisms, kek, guarded[1],
                "an untrusted key cannot wrap a key marked CKA_WRAP_WITH_TRUSTED"));
        checks.add(refusedChange(guarded[1], CKA_WRAP_WITH_TRUSTED, false, true,
                "CKA_WRAP_WITH_TRUSTED cannot be cleared"));
        checks.add(refusedCreation("the user cannot create a key marked CKA_TRUSTED (only the security officer can)"));
        checks.add(refusedChange(kek, CKA_TRUSTED, true, false, "the user cannot mark an existing key CKA_TRUSTED"));
        checks.add(refusedCopy(guarded[1], CKA_WRAP_WITH_TRUSTED, false, true,
                "a copy cannot drop CKA_WRAP_WITH_TRUSTED"));

        String attempted = "mark the probe key non-extractable";
        Optional<String> setFalse = outcome(() -> session.run(attempted, (p11, s) -> p11.C_SetAttributeValue(s, open[1],
                new CK_ATTRIBUTE[] {Templates.bool(CKA_EXTRACTABLE, false)})));
        Optional<Boolean> now = readFlag(session, open[1], CKA_EXTRACTABLE);
        checks.add(new ProtectionCheck("CKA_EXTRACTABLE can be set from true to false",
                setFalse.isEmpty() && now.equals(Optional.of(false)),
                setFalse.orElse("read back " + now.map(String::valueOf).orElse("nothing"))));
        checks.add(refusedChange(open[1], CKA_EXTRACTABLE, true, false, "CKA_EXTRACTABLE never goes back to true"));
        checks.add(refusedByEvery(mechanisms, kek, open[1], "a non-extractable key cannot be wrapped"));
        checks.add(refusedCopy(open[1], CKA_EXTRACTABLE, true, false, "a copy of a non-extractable key cannot be extractable"));
        checks.add(refusedChange(open[1], CKA_SENSITIVE, false, true, "CKA_SENSITIVE cannot be cleared"));
    }

    private ProtectionCheck refusedByEvery(List<Long> mechanisms, long kek, long key, String property)
            throws HsmException {
        List<String> answers = new ArrayList<>();
        boolean held = true;
        for (long m : mechanisms) {
            Optional<String> refused = tryWrap(kek, key, m);
            held &= refused.isPresent();
            answers.add(WRAP_MECHANISMS.get(m) + ": " + refused.orElse("WRAPPED"));
        }
        return new ProtectionCheck(property, held, String.join("; ", answers));
    }

    /** Empty if the wrap succeeded (its output wiped at once), else the token's refusal. */
    private Optional<String> tryWrap(long kek, long key, long mechanism) {
        try {
            byte[] blob = session.call("wrap the probe key", (p11, s) -> p11.C_WrapKey(s, new CK_MECHANISM(mechanism),
                    kek, key));
            Wipe.bytes(blob);
            return Optional.empty();
        } catch (HsmException e) {
            return Optional.of(refusal(e));
        }
    }

    /** Setting {@code type} to {@code value} must fail, or leave it reading {@code kept}. */
    private ProtectionCheck refusedChange(long object, long type, boolean value, boolean kept, String property)
            throws HsmException {
        Optional<String> refused = outcome(() -> session.run("change an attribute of the probe key",
                (p11, s) -> p11.C_SetAttributeValue(s, object, new CK_ATTRIBUTE[] {Templates.bool(type, value)})));
        if (refused.isPresent()) {
            return new ProtectionCheck(property, true, refused.get());
        }
        Optional<Boolean> now = readFlag(session, object, type);
        return new ProtectionCheck(property, now.equals(Optional.of(kept)), "accepted; reads back "
                + now.map(String::valueOf).orElse("nothing"));
    }

    /** A copy with {@code type} set to {@code value} must be refused, or come out reading {@code kept}. */
    private ProtectionCheck refusedCopy(long object, long type, boolean value, boolean kept, String property)
            throws HsmException {
        long copy;
        try {
            copy = session.call("copy the probe key", (p11, s) -> p11.C_CopyObject(s, object,
                    new CK_ATTRIBUTE[] {Templates.bool(CKA_TOKEN, false), Templates.bool(type, value)}));
        } catch (HsmException e) {
            return new ProtectionCheck(property, true, refusal(e));
        }
        created.add(copy);
        Optional<Boolean> now = readFlag(session, copy, type);
        return new ProtectionCheck(property, now.equals(Optional.of(kept)), "copied; the copy reads "
                + now.map(String::valueOf).orElse("nothing"));
    }

    private ProtectionCheck refusedCreation(String property) throws HsmException {
        try {
            created.add(createAes(true));
        } catch (HsmException e) {
            return new ProtectionCheck(property, true, refusal(e));
        }
        return new ProtectionCheck(property, false, "created");
    }

    /** An AES-256 session key with CKA_WRAP, of a random value wiped after the call. */
    private long createAes(boolean trusted) throws HsmException {
        byte[] value = new byte[32];
        session.run("draw random bytes for the probe", (p11, s) -> p11.C_GenerateRandom(s, value));
        try {
            CK_ATTRIBUTE[] t = KeyWrapping.aesWrappingKey(LABEL, value, true, trusted, false);
            long h = session.call("create a probe wrapping key", (p11, s) -> p11.C_CreateObject(s, t));
            if (!trusted) {
                created.add(h);
            }
            return h;
        } finally {
            Wipe.bytes(value);
        }
    }

    private long[] pair(KeyPairSpec spec, boolean extractable, boolean wrapWithTrusted) throws HsmException {
        byte[] id = LABEL.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long[] h = session.call("generate a throw-away " + spec.describe() + " session key pair",
                (p11, s) -> KeyGeneration.generateRaw(p11, s, spec, LABEL, id, false, extractable, wrapWithTrusted));
        created.add(h[0]);
        created.add(h[1]);
        return h;
    }

    /**
     * Destroys every probe object, also those a refused call left behind: SoftHSM2 2.6.1 keeps
     * the object of a C_CreateObject it refuses (measured with CKA_TRUSTED), so the probe's label
     * is searched too. All are session objects of this session, labelled for the probe alone.
     */
    private void destroyAll() {
        for (long h : created) {
            session.destroyQuietly(h, null);
        }
        created.clear();
        try {
            for (long h : session.find("look for objects the probe left", Templates.text(CKA_LABEL, LABEL))) {
                session.destroyQuietly(h, null);
            }
        } catch (HsmException e) {
            // Session objects all the same: they end with the session.
        }
    }

    /** Runs {@code action}; empty if it succeeded, else the refusal. */
    private static Optional<String> outcome(HsmRunnable action) {
        try {
            action.run();
            return Optional.empty();
        } catch (HsmException e) {
            return Optional.of(refusal(e));
        }
    }

    @FunctionalInterface
    private interface HsmRunnable {
        void run() throws HsmException;
    }

    static String refusal(HsmException e) {
        return e.returnCode().map(ReturnCode::ckrName).orElse("refused (" + e.getClass().getSimpleName() + ")");
    }

    /**
     * A boolean attribute as the token reports it; empty when the token does not know the
     * attribute. The JDK's wrapper hands back attributes it has no type for (such as
     * CKA_WRAP_WITH_TRUSTED) as bytes.
     */
    static Optional<Boolean> readFlag(Session session, long object, long type) throws HsmException {
        CK_ATTRIBUTE[] a;
        try {
            a = session.read("read an attribute", object, type);
        } catch (HsmException e) {
            if (e.returnCode().filter(c -> c == ReturnCode.ATTRIBUTE_TYPE_INVALID).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
        Object v = a[0].pValue;
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        if (v instanceof byte[] bytes && bytes.length > 0) {
            return Optional.of(bytes[0] != 0);
        }
        if (v instanceof char[] chars && chars.length > 0) {
            return Optional.of(chars[0] != 0);
        }
        return Optional.empty();
    }
}
