package org.keyceremony.ceremony;

import java.util.Map;

import org.keyceremony.transcript.Json;

/**
 * Something this ceremony created and how to remove it, as recorded in the log by a
 * {@code rollback-registered} event before the thing was created. Facts only: a token
 * serial, an object label, a card serial and share-set id; never a secret.
 *
 * @param id          the seq of its {@code rollback-registered} event
 * @param step        the step that registered it
 * @param kind        which {@link RollbackHandler} removes it (e.g. {@code destroy-hsm-object})
 * @param description what will be removed, for people
 * @param params      what the handler needs to find it again after a crash
 */
public record RegisteredRollback(long id, String step, String kind, String description, Map<String, Object> params) {
    public RegisteredRollback {
        params = Json.copyOfObject(params);
    }
}
