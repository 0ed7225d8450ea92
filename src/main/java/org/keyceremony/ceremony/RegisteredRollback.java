package org.keyceremony.ceremony;

import java.util.Map;

import org.keyceremony.journal.Json;

/**
 * Something this ceremony created and how to remove it, as recorded in the log by a
 * {@code rollback-registered} event before the thing was created, and by a {@code created}
 * event once it exists. Facts only: a token serial, an object label, a card serial and share-set
 * id, a public key, a hash; never a secret.
 *
 * @param id          the seq of its {@code rollback-registered} event
 * @param step        the step that registered it
 * @param kind        which {@link RollbackHandler} removes it (e.g. {@code destroy-hsm-object})
 * @param description what will be removed, for people
 * @param params      what the handler needs to find it again after a crash
 * @param created     what identifies the thing beyond its name, recorded right after it was made
 *                    (a key's SubjectPublicKeyInfo, a certificate's or share's hash, the card's
 *                    serial); empty if the log does not record its creation
 * @param settled     the registering step ended or failed after registering it: without a
 *                    {@code created} record, nothing of it can exist that is this ceremony's (only an
 *                    interrupted step may have made a thing without recording it)
 */
public record RegisteredRollback(long id, String step, String kind, String description, Map<String, Object> params,
                                 Map<String, Object> created, boolean settled) {
    public RegisteredRollback {
        params = Json.copyOfObject(params);
        created = Json.copyOfObject(created);
    }

    /** A registration without a creation record, its step settled (a live run's). */
    public RegisteredRollback(long id, String step, String kind, String description, Map<String, Object> params) {
        this(id, step, kind, description, params, Map.of(), true);
    }

    /** This registration with its creation record. */
    public RegisteredRollback withCreated(Map<String, ?> identity) {
        return new RegisteredRollback(id, step, kind, description, params, Json.copyOfObject(identity), settled);
    }

    /** This registration, its step known to have ended or failed ({@code true}) or not. */
    public RegisteredRollback withSettled(boolean stepSettled) {
        return new RegisteredRollback(id, step, kind, description, params, created, stepSettled);
    }

    /** True if the log records that the thing was made, with its identity. */
    public boolean confirmed() {
        return !created.isEmpty();
    }
}
