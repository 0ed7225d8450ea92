package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_CERTIFICATE_TYPE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_ISSUER;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_SERIAL_NUMBER;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_SUBJECT;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKC_X_509;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKU_SO;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;

/**
 * An open session with one token (an HSM or a custodian card). Every operation that changes
 * or uses key material first checks that the token is still present and still the same
 * token (serial and label), and fails with a typed {@link HsmException} otherwise.
 *
 * <p>PKCS#11 sessions are not thread-safe: all methods are synchronised, so one thread at a
 * time uses the session. Long operations (RSA-4096 generation) block other callers.
 */
public final class HsmToken implements AutoCloseable {
    /** Who is logged in through this session: PKCS#11 has one login state per token and application. */
    private enum Login { NONE, USER, SECURITY_OFFICER }

    private final Session session;
    private Login login = Login.NONE;
    private boolean closed;

    private HsmToken(Session session) {
        this.session = session;
    }

    static HsmToken open(Pkcs11Module module, TokenInfo info) throws HsmException {
        return new HsmToken(Session.open(module, info));
    }

    /** The token as it described itself when it was opened. */
    public TokenInfo info() {
        return session.opened();
    }

    /** The token's description read now (PIN counters, flags), after checking it is still the same token. */
    public synchronized TokenInfo currentInfo() throws HsmException {
        ensurePresent();
        long slot = session.opened().slotId();
        return session.call("read the token's description", (p11, s) -> Pkcs11Module.tokenInfo(p11, slot));
    }

    /** Checks that the token is still in its slot and still the same one; throws otherwise. */
    public synchronized void ensurePresent() throws HsmException {
        ensureOpen();
        session.ensureSameToken();
    }

    /**
     * Logs the user in. The PIN's copy is wiped right after the call; the {@link Pin} itself
     * stays the caller's to close.
     */
    public synchronized void login(Pin pin) throws HsmException {
        login(pin, PinHolder.UNNAMED);
    }

    /**
     * Logs the user in with the PIN {@code holder} typed: if the token refuses it, the message asks
     * that person (the administrator for an HSM, the custodian for a card) to type it again.
     */
    public synchronized void login(Pin pin, PinHolder holder) throws HsmException {
        login(pin, CKU_USER, Login.USER, "log in", holder);
    }

    /**
     * Logs the security officer in (CKU_SO), for the one thing KeyCeremony asks of the SO: to
     * mark the key-wrapping key trusted ({@link #importTrustedWrappingKey}). Nobody else may be
     * logged in: PKCS#11 keeps one login per token and application, so the user logs out first,
     * and every private-object handle obtained before is invalid afterwards (look keys up again).
     */
    public synchronized void loginSecurityOfficer(Pin pin) throws HsmException {
        login(pin, CKU_SO, Login.SECURITY_OFFICER, "log the security officer in", PinHolder.securityOfficer());
    }

    private void login(Pin pin, long userType, Login as, String attempted, PinHolder holder) throws HsmException {
        ensurePresent();
        if (login != Login.NONE) {
            throw new HsmException("Could not " + attempted + " on token " + session.tokenName() + ": "
                    + (login == Login.USER ? "the user" : "the security officer") + " is already logged in through this "
                    + "session; log out first.", ReturnCode.USER_ALREADY_LOGGED_IN, null);
        }
        char[] chars = pin.reveal();
        try {
            session.call(attempted, holder, (p11, s) -> {
                p11.C_Login(s, userType, chars);
                return null;
            });
            login = as;
        } finally {
            Wipe.chars(chars);
        }
    }

    public synchronized void logout() throws HsmException {
        ensureOpen();
        if (login != Login.NONE) {
            login = Login.NONE;
            session.run("log out", (p11, s) -> p11.C_Logout(s));
        }
    }

    /** True while the user (not the security officer) is logged in through this session. */
    public synchronized boolean isLoggedIn() {
        return login == Login.USER;
    }

    /** True while the security officer is logged in through this session. */
    public synchronized boolean isSecurityOfficerLoggedIn() {
        return login == Login.SECURITY_OFFICER;
    }

    /** {@code length} bytes from the token's random number generator (C_GenerateRandom). */
    public synchronized byte[] generateRandom(int length) throws HsmException {
        ensurePresent();
        byte[] out = new byte[length];
        session.run("draw " + length + " random bytes", (p11, s) -> p11.C_GenerateRandom(s, out));
        return out;
    }

    /**
     * Generates a key pair as token objects with label and ID on both halves, the private
     * key sensitive and extractable (wrappable) only when {@code extractable}; refuses an
     * existing label or ID; proves the pair with a signature in the HSM verified in software;
     * on any failure removes what it created.
     */
    public synchronized GeneratedKeyPair generateKeyPair(KeyPairSpec spec, String label, byte[] id, boolean extractable)
            throws HsmException {
        ensurePresent();
        return KeyGeneration.generate(this, session, spec, label, id, extractable);
    }

    /** The private key with CKA_ID {@code id} (login needed). */
    public synchronized HsmPrivateKey privateKey(byte[] id) throws HsmException {
        ensurePresent();
        List<Long> found = session.find("look for the private key with ID " + HexFormat.of().formatHex(id),
                Templates.number(CKA_CLASS, CKO_PRIVATE_KEY), Templates.bytes(CKA_ID, id));
        if (found.size() != 1) {
            throw new HsmException((found.isEmpty() ? "No" : "More than one") + " private key with ID "
                    + HexFormat.of().formatHex(id) + " on token " + session.tokenName()
                    + (login == Login.USER ? "." : " (not logged in: private keys are visible only after login)."));
        }
        CK_ATTRIBUTE[] a = session.read("read the private key's attributes", found.get(0), CKA_KEY_TYPE, CKA_LABEL);
        return new HsmPrivateKey(this, found.get(0), KeyType.ofCkk(a[0].getLong()), Templates.readText(a[1]),
                HexFormat.of().formatHex(id));
    }

    /** The public key of the public-key object with CKA_ID {@code id}. */
    public synchronized PublicKey publicKey(byte[] id) throws HsmException {
        ensurePresent();
        List<Long> found = session.find("look for the public key with ID " + HexFormat.of().formatHex(id),
                Templates.number(CKA_CLASS, CKO_PUBLIC_KEY), Templates.bytes(CKA_ID, id));
        if (found.size() != 1) {
            throw new HsmException((found.isEmpty() ? "No" : "More than one") + " public key with ID "
                    + HexFormat.of().formatHex(id) + " on token " + session.tokenName() + ".");
        }
        return PublicKeys.read(session, found.get(0));
    }

    /** The private key {@code object} (found by {@link #findObjects}); login needed. */
    public synchronized HsmPrivateKey privateKey(TokenObject object) throws HsmException {
        ensurePresent();
        if (object.objectClass() != ObjectClass.PRIVATE_KEY) {
            throw new IllegalArgumentException(object + " is not a private key");
        }
        CK_ATTRIBUTE[] a = session.read("read the private key's type", object.handle(), CKA_KEY_TYPE);
        return new HsmPrivateKey(this, object.handle(), KeyType.ofCkk(a[0].getLong()), object.label(), object.idHex());
    }

    /** The public key of the public-key object {@code object}. */
    public synchronized PublicKey publicKey(TokenObject object) throws HsmException {
        ensurePresent();
        if (object.objectClass() != ObjectClass.PUBLIC_KEY) {
            throw new IllegalArgumentException(object + " is not a public key");
        }
        return PublicKeys.read(session, object.handle());
    }

    /** The DER value (CKA_VALUE) of the certificate object {@code object}. */
    public synchronized byte[] certificateValue(TokenObject object) throws HsmException {
        ensurePresent();
        if (object.objectClass() != ObjectClass.CERTIFICATE) {
            throw new IllegalArgumentException(object + " is not a certificate");
        }
        return Templates.readBytes(session.read("read a certificate's value", object.handle(), CKA_VALUE)[0]);
    }

    /**
     * The JCA provider that signs with {@link HsmPrivateKey}s, to pass explicitly to
     * {@code Signature.getInstance(alg, provider)} or {@code JcaContentSignerBuilder.setProvider}.
     */
    public Provider signingProvider() {
        return HsmSigningProvider.INSTANCE;
    }

    /** Signs {@code data} in the HSM; the result is encoded as JCA and X.509 expect (DER for ECDSA). */
    public synchronized byte[] sign(HsmPrivateKey key, SignatureAlgorithm algorithm, byte[] data) throws HsmException {
        try {
            return signDigest(key, algorithm, MessageDigest.getInstance(algorithm.digest()).digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm.digest() + " is part of every Java runtime", e);
        }
    }

    synchronized byte[] signDigest(HsmPrivateKey key, SignatureAlgorithm algorithm, byte[] digest) throws HsmException {
        if (key.token() != this) {
            throw new IllegalArgumentException("key " + key.label() + " belongs to another token session");
        }
        if (key.keyType() != algorithm.keyType()) {
            throw new IllegalArgumentException(algorithm.jcaName() + " needs an " + algorithm.keyType() + " key");
        }
        ensurePresent();
        boolean rsa = algorithm.keyType() == KeyType.RSA;
        byte[] input = rsa ? concat(algorithm.digestInfoPrefix(), digest) : digest;
        CK_MECHANISM mechanism = new CK_MECHANISM(rsa ? MechanismSupport.CKM_RSA_PKCS : MechanismSupport.CKM_ECDSA);
        byte[] raw = session.call("sign with key '" + key.label() + "'", (p11, s) -> {
            p11.C_SignInit(s, mechanism, key.handle());
            return p11.C_Sign(s, input);
        });
        return rsa ? raw : Der.ecdsaSignature(raw);
    }

    /**
     * Proves that {@code key} is the private half of {@code publicKey}: signs a fresh random
     * challenge in the HSM and verifies it in software.
     */
    public synchronized void proveKeyPair(HsmPrivateKey key, PublicKey publicKey, SignatureAlgorithm algorithm)
            throws HsmException {
        byte[] challenge = generateRandom(32);
        byte[] signature = sign(key, algorithm, challenge);
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new KeyCheckFailedException("The key '" + key.label() + "' on token " + session.tokenName()
                    + " did not produce a signature that verifies with the expected public key. "
                    + "It was not accepted; stop and record an exception.");
        }
    }

    /** Imports an AES-256 KWK as a session object (CKA_TOKEN=false) for wrapping and unwrapping. */
    public synchronized WrappingKey importWrappingKey(SecretBytes kwk) throws HsmException {
        ensurePresent();
        return KeyWrapping.importKwk(session, kwk);
    }

    /**
     * Imports an AES-256 KWK as the token's trusted wrapping key: a public session object with
     * {@code CKA_TRUSTED=true}, {@code CKA_WRAP} only, sensitive and not extractable. Only the
     * security officer can mark a key trusted, so this needs {@link #loginSecurityOfficer}; it is
     * the only kind of key that can wrap a key generated with {@code CKA_WRAP_WITH_TRUSTED}. It is
     * public so that the user, logged in after the SO logs out, can use it; being a session
     * object, no other application sees it and it dies with the session. The caller destroys it
     * as soon as the wrap is done.
     */
    public synchronized WrappingKey importTrustedWrappingKey(SecretBytes kwk) throws HsmException {
        ensurePresent();
        if (login != Login.SECURITY_OFFICER) {
            throw new HsmException("Could not load the key-wrapping key as a trusted key on token "
                    + session.tokenName() + ": only the security officer can mark a key trusted; log the SO in first.",
                    ReturnCode.USER_NOT_LOGGED_IN, null);
        }
        return KeyWrapping.importTrustedKwk(session, kwk);
    }

    /**
     * Proves on throw-away session objects of kind {@code probe} that this token enforces the
     * key protection KeyCeremony relies on ({@link KeyProtectionProof}); needs the user logged in.
     * Nothing it makes outlives the call.
     */
    public synchronized KeyProtectionProof proveKeyProtection(KeyPairSpec probe) throws HsmException {
        ensurePresent();
        return KeyProtectionProbe.run(session, probe);
    }

    /** {@code key}'s protection attributes, read back from the token now. */
    public synchronized KeyProtection keyProtection(HsmPrivateKey key) throws HsmException {
        ensurePresent();
        return KeyWrapping.protection(session, key.handle());
    }

    /**
     * Sets {@code key}'s {@code CKA_EXTRACTABLE} to false, a one-way change: from then on no
     * mechanism wraps it, whoever is logged in. Returns the attributes read back; throws if the
     * token still reports the key extractable.
     */
    public synchronized KeyProtection makeUnextractable(HsmPrivateKey key) throws HsmException {
        ensurePresent();
        return KeyWrapping.makeUnextractable(session, key);
    }

    /**
     * Tries to take {@code key} out the way a single PIN holder would: under a fresh AES key of
     * its own, with every AES wrap mechanism the token lists. Returns the token's refusal per
     * mechanism ({@code CKM_AES_KEY_WRAP_PAD: CKR_KEY_UNEXTRACTABLE}); throws
     * {@link KeyCheckFailedException} if any wrap succeeded (that output, under a key that is
     * destroyed at once, is wiped unread).
     */
    public synchronized List<String> refusedWraps(HsmPrivateKey key) throws HsmException {
        ensurePresent();
        return KeyWrapping.refusedWraps(session, key);
    }

    /**
     * Wraps {@code key} under {@code kwk} with RFC 5649, using the mechanism the token lists
     * (0x210A preferred, else 0x210B). A non-extractable key is refused by the token
     * ({@link HsmException} with CKR_KEY_UNEXTRACTABLE or CKR_KEY_NOT_WRAPPABLE).
     */
    public synchronized WrappedKey wrapPrivateKey(WrappingKey kwk, HsmPrivateKey key) throws HsmException {
        ensurePresent();
        return KeyWrapping.wrap(session, kwk, key);
    }

    /**
     * Unwraps a backed-up private key into this token as a sensitive private key with the
     * target's label and ID, then proves it matches {@code expected} (the original public key);
     * a key that does not is removed again.
     */
    public synchronized HsmPrivateKey unwrapPrivateKey(WrappingKey kwk, WrappedKey wrapped, UnwrapTarget target,
            PublicKey expected) throws HsmException {
        ensurePresent();
        return KeyWrapping.unwrap(this, session, kwk, wrapped, target, expected);
    }

    /** Stores {@code certificate} as a public CKO_CERTIFICATE token object next to its key. */
    public synchronized TokenObject storeCertificate(X509Certificate certificate, String label, byte[] id)
            throws HsmException {
        ensurePresent();
        if (!findObjects(ObjectClass.CERTIFICATE, label, null).isEmpty()) {
            throw new HsmException("A certificate labelled '" + label + "' already exists on token "
                    + session.tokenName() + "; refused rather than replaced.");
        }
        try {
            CK_ATTRIBUTE[] template = {
                Templates.number(CKA_CLASS, CKO_CERTIFICATE),
                Templates.number(CKA_CERTIFICATE_TYPE, CKC_X_509),
                Templates.bool(CKA_TOKEN, true),
                Templates.bool(CKA_PRIVATE, false),
                Templates.text(CKA_LABEL, label),
                Templates.bytes(CKA_ID, id),
                Templates.bytes(CKA_SUBJECT, certificate.getSubjectX500Principal().getEncoded()),
                Templates.bytes(CKA_ISSUER, certificate.getIssuerX500Principal().getEncoded()),
                Templates.bytes(CKA_SERIAL_NUMBER, Der.integer(certificate.getSerialNumber())),
                Templates.bytes(CKA_VALUE, certificate.getEncoded())};
            long handle = session.call("store certificate '" + label + "'", (p11, s) -> p11.C_CreateObject(s, template));
            return new TokenObject(handle, ObjectClass.CERTIFICATE, label, HexFormat.of().formatHex(id));
        } catch (CertificateEncodingException e) {
            throw new KeyCheckFailedException("The certificate for '" + label + "' cannot be encoded; it was not stored.", null, e);
        }
    }

    /** Objects of class {@code objectClass}, optionally narrowed by label and/or ID (null: any). */
    public synchronized List<TokenObject> findObjects(ObjectClass objectClass, String label, byte[] id)
            throws HsmException {
        ensurePresent();
        List<CK_ATTRIBUTE> template = new ArrayList<>();
        template.add(Templates.number(CKA_CLASS, objectClass.cko()));
        if (label != null) {
            template.add(Templates.text(CKA_LABEL, label));
        }
        if (id != null) {
            template.add(Templates.bytes(CKA_ID, id));
        }
        List<TokenObject> result = new ArrayList<>();
        for (long h : session.find("look for objects", template.toArray(CK_ATTRIBUTE[]::new))) {
            String objLabel = Templates.readText(session.read("read an object's label", h, CKA_LABEL)[0]);
            String idHex = objectClass == ObjectClass.DATA ? ""
                    : HexFormat.of().formatHex(Templates.readBytes(session.read("read an object's ID", h, CKA_ID)[0]));
            result.add(new TokenObject(h, objectClass, objLabel, idHex));
        }
        return result;
    }

    /** Destroys an object (rollback, KWK zeroisation, erasing a card). */
    public synchronized void destroyObject(long handle) throws HsmException {
        ensurePresent();
        session.run("destroy an object", (p11, s) -> p11.C_DestroyObject(s, handle));
    }

    /**
     * Creates a private, unmodifiable CKO_DATA token object and reads it back; refuses an
     * existing application+label pair. The caller keeps (and wipes) {@code value}.
     */
    public synchronized DataObject createDataObject(String application, String label, byte[] value)
            throws HsmException {
        return DataObjects.create(this, session, application, label, value);
    }

    /**
     * Creates a <em>public</em> unmodifiable CKO_DATA token object (visible without login) and reads
     * it back: a record that anyone who opens the token can read, such as the completion record of a
     * ceremony. Never for a secret.
     */
    public synchronized DataObject createPublicDataObject(String application, String label, byte[] value)
            throws HsmException {
        return DataObjects.create(this, session, application, label, value, false);
    }

    /** The private data objects of {@code application} (visible only after login). */
    public synchronized List<DataObject> findDataObjects(String application) throws HsmException {
        ensurePresent();
        return DataObjects.find(session, application);
    }

    /** The value of a data object, as a fresh array the caller must wipe. */
    public synchronized byte[] readDataObject(DataObject object) throws HsmException {
        ensurePresent();
        return DataObjects.read(session, object);
    }

    /** Logs out (if logged in) and closes the session. Never throws: closing is cleanup. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (login != Login.NONE) {
                logout();
            }
        } catch (HsmException e) {
            // The session goes anyway, and with it the login.
        }
        closed = true;
        session.close();
    }

    /**
     * Refuses ({@link HsmException}) if any object on this token has {@code label} or
     * {@code id}. A ceremony calls it before it registers the removal of what it is about to
     * create: a removal registered for an existing label would destroy somebody else's key.
     */
    public synchronized void requireUnused(String label, byte[] id) throws HsmException {
        ensurePresent();
        refuseExisting(label, id);
    }

    void refuseExisting(String label, byte[] id) throws HsmException {
        List<Long> byLabel = session.find("look for objects labelled '" + label + "'", Templates.text(CKA_LABEL, label));
        if (!byLabel.isEmpty()) {
            throw new HsmException("An object labelled '" + label + "' already exists on token "
                    + session.tokenName() + ". KeyCeremony never replaces a key: choose another label.");
        }
        List<Long> byId = session.find("look for objects with ID " + HexFormat.of().formatHex(id),
                Templates.bytes(CKA_ID, id));
        if (!byId.isEmpty()) {
            throw new HsmException("An object with ID " + HexFormat.of().formatHex(id)
                    + " already exists on token " + session.tokenName() + ". Choose another ID.");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("token session " + session.tokenName() + " is closed");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
