package org.keyceremony.ceremony.actions;

import org.keyceremony.secret.Digests;
import org.keyceremony.cards.CardContents;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.cards.StoredShare;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.ceremony.RollbackHandler;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenObject;
import org.keyceremony.script.TokenRef;
import org.keyceremony.secret.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.keyceremony.sharing.ShareSetId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.keyceremony.transcript.DurableFile;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an abort removes what a ceremony created: HSM objects, card shares of the dead share
 * set, output files. Each is idempotent ("already gone" is success) because after a crash
 * nobody knows whether the creation, or an earlier removal, finished.
 */
final class HsmRollbacks {
    static final String DESTROY_HSM_OBJECT = "destroy-hsm-object";

    private HsmRollbacks() {
    }

    private static String param(RegisteredRollback r, String name) {
        Object v = r.params().get(name);
        return v == null ? "" : v.toString();
    }

    record DestroyHsmObject(CeremonyEnvironment env) implements RollbackHandler {
        public String kind() {
            return DESTROY_HSM_OBJECT;
        }

        public Map<String, Object> undo(RegisteredRollback r, StepContext ctx) throws KeyCeremonyException {
            String serial = param(r, "tokenSerial");
            ObjectClass cls = ObjectClass.valueOf(param(r, "objectClass"));
            byte[] id = HexFormat.of().parseHex(param(r, "id"));
            Optional<HsmConnection> live = live(ctx, serial);
            if (live.isPresent()) {
                return destroy(live.get().token(), cls, param(r, "label"), id);
            }
            try (HsmToken token = env.openHsmModule().openBySerial(serial)) {
                try (Pin pin = ctx.pin(param(r, "holder").isEmpty() ? param(r, "tokenLabel") : param(r, "holder"))) {
                    token.login(pin);
                }
                try {
                    return destroy(token, cls, param(r, "label"), id);
                } finally {
                    token.logout();
                }
            }
        }

        private static Optional<HsmConnection> live(StepContext ctx, String serial) {
            for (TokenRef ref : TokenRef.values()) {
                Optional<HsmConnection> c = ctx.ceremony().memory(HsmActions.sessionName(ref), HsmConnection.class);
                if (c.isPresent() && c.get().token().info().serial().equals(serial) && c.get().token().isLoggedIn()) {
                    return c;
                }
            }
            return Optional.empty();
        }

        private static Map<String, Object> destroy(HsmToken token, ObjectClass cls, String label, byte[] id)
                throws KeyCeremonyException {
            List<TokenObject> found = token.findObjects(cls, label, id);
            for (TokenObject o : found) {
                token.destroyObject(o.handle());
            }
            if (!token.findObjects(cls, label, id).isEmpty()) {
                throw new KeyCeremonyException("The " + cls + " '" + label + "' is still on " + token.info().describe()
                        + " after destroying it. Remove it with the vendor's tool and record it.");
            }
            return Map.of("token", token.info().serial(), "objectClass", cls.name(), "label", label,
                    "destroyed", (long) found.size(), "alreadyAbsent", found.isEmpty());
        }
    }

    record EraseCardShare(CeremonyEnvironment env) implements RollbackHandler {
        public String kind() {
            return BackupActions.ERASE_CARD_SHARE;
        }

        public Map<String, Object> undo(RegisteredRollback r, StepContext ctx) throws KeyCeremonyException {
            String card = param(r, "card");
            ShareSetId set = ShareSetId.fromHex(param(r, "shareSetId"));
            CustodianCards cards = new CustodianCards(env.openCardModule());
            try (Pin pin = ctx.pin(card)) {
                CardContents contents = cards.list(BackupActions.cardRef(card), pin);
                List<String> held = new ArrayList<>();
                for (StoredShare s : contents.shares()) {
                    if (s.setId().equals(set)) {
                        held.add(s.objectLabel());
                    }
                }
                if (held.isEmpty()) {
                    return Map.of("card", contents.card().serial(), "shareSetId", set.hex(), "alreadyAbsent", true);
                }
                cards.erase(BackupActions.cardRef(card), pin, set, CustodianCards.erasureConfirmation(set));
                return Map.of("card", contents.card().serial(), "shareSetId", set.hex(), "erased", held);
            }
        }
    }

    record DeleteFile() implements RollbackHandler {
        public String kind() {
            return Outputs.DELETE_FILE;
        }

        public Map<String, Object> undo(RegisteredRollback r, StepContext ctx) throws KeyCeremonyException {
            Path p = Path.of(param(r, "path"));
            try {
                // a crash while writing leaves only the hidden partial file, never a part under the real name
                DurableFile.removePartial(p);
                if (!Files.exists(p)) {
                    return Map.of("path", p.toString(), "alreadyAbsent", true);
                }
                String sha = Digests.sha256Hex(Files.readAllBytes(p));
                if (!sha.equals(param(r, "sha256"))) {
                    return Map.of("path", p.toString(), "kept", true, "reason",
                            "the file is not the one this ceremony wrote (SHA-256 differs); it was left alone");
                }
                Files.delete(p);
                return Map.of("path", p.toString(), "deleted", true);
            } catch (IOException e) {
                throw new KeyCeremonyException("Cannot delete " + p + " (" + e.getMessage() + "). Delete it by hand "
                        + "and record it.", e);
            }
        }
    }
}
