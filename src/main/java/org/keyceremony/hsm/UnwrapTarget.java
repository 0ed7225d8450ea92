package org.keyceremony.hsm;

/**
 * Where and how an unwrapped private key lands.
 *
 * @param label CKA_LABEL
 * @param id CKA_ID
 * @param tokenObject true: a persistent token object (a restore); false: a session object
 *        that vanishes with the session (proving a backup opens)
 * @param extractable CKA_EXTRACTABLE of the unwrapped key; false except for the session copy a
 *        share rotation wraps again under the new key-wrapping key ({@link #rewrapCopy}). Every
 *        unwrapped key is also CKA_WRAP_WITH_TRUSTED, so even that copy wraps only under a
 *        trusted key.
 */
public record UnwrapTarget(String label, byte[] id, boolean tokenObject, boolean extractable) {
    public UnwrapTarget {
        id = id.clone();
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    /** A persistent, non-extractable, sensitive private key: the usual restore. */
    public static UnwrapTarget restore(String label, byte[] id) {
        return new UnwrapTarget(label, id, true, false);
    }

    /**
     * An extractable session object, for a share rotation to wrap the root key again under the
     * new key-wrapping key: the root key in the HSM is sealed (non-extractable), so the rotation
     * works from the current backup, which only the current quorum opens. Like every unwrapped
     * key it is CKA_WRAP_WITH_TRUSTED, so only the security officer's trusted key wraps it. Gone
     * when the session ends; the rotation destroys it right after the wrap.
     */
    public static UnwrapTarget rewrapCopy(String label, byte[] id) {
        return new UnwrapTarget(label, id, false, true);
    }

    /** A session object for proving that a backup opens; gone when the session closes. */
    public static UnwrapTarget trial(String label, byte[] id) {
        return new UnwrapTarget(label, id, false, false);
    }
}
