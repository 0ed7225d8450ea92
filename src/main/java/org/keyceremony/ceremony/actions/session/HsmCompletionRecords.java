package org.keyceremony.ceremony.actions.session;

import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.CompletionRecords;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.DataObject;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenNotFoundException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Wipe;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Completion records on the HSM (see {@link CompletionRecords}): written by sign-transcript
 * before it signs, read (without login) before anything of a ceremony is removed.
 */
public record HsmCompletionRecords(CeremonyEnvironment env) implements CompletionRecords {

    @Override
    public Optional<String> find(UUID id, Set<String> tokenSerials) throws KeyCeremonyException {
        Pkcs11Module module = env.openHsmModule();
        for (String serial : tokenSerials) {
            try (HsmToken token = module.openBySerial(serial)) {
                Optional<String> found = read(token, id);
                if (found.isPresent()) {
                    return found;
                }
            } catch (TokenNotFoundException e) {
                throw new KeyCeremonyException("The HSM token with serial " + serial + " that this ceremony used is not "
                        + "connected, so KeyCeremony cannot tell whether the ceremony completed (its completion record "
                        + "would be there). Nothing was removed: connect the HSM and run the recovery again", e);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(HsmToken token, UUID id) throws KeyCeremonyException {
        for (DataObject o : token.findDataObjects(APPLICATION)) {
            if (o.label().equals(CompletionRecords.label(id))) {
                byte[] value = token.readDataObject(o);
                try {
                    return Optional.of(new String(value, StandardCharsets.UTF_8) + " (on " + token.info().describe() + ")");
                } finally {
                    Wipe.bytes(value);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Writes this ceremony's completion record on {@code token} (once): from now on nothing of the
     * ceremony is removed, whatever a log or a folder says. Returns the record's text.
     */
    public static String record(StepContext ctx, HsmToken token) throws KeyCeremonyException {
        UUID id = ctx.ceremony().ceremonyId();
        Optional<String> existing = read(token, id);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<org.keyceremony.journal.Event> log = ctx.log();
        String text = "ceremony " + id + " (" + ctx.ceremony().script().metadata().name() + ", script SHA-256 "
                + ctx.ceremony().script().sha256Hex() + ") reached its signing step (" + ctx.step().id() + ") at "
                + Instant.now() + (log.isEmpty() ? "" : "; its log then ended with hash " + log.get(log.size() - 1).hash());
        token.createPublicDataObject(APPLICATION, CompletionRecords.label(id), text.getBytes(StandardCharsets.UTF_8));
        return text + " (on " + token.info().describe() + ")";
    }
}
