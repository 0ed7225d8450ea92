package org.keyceremony.ceremony.actions.session;

import org.keyceremony.hsm.PinHolder;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.base.Digests;
import org.keyceremony.cards.ShareErased;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.ceremony.RollbackHandler;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.TokenObject;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.keyceremony.sharing.ShareSetId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.keyceremony.journal.DurableFile;
import java.util.LinkedHashMap;
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
public final class HsmRollbacks {
    public static final String DESTROY_HSM_OBJECT = "destroy-hsm-object";
    public static final String ERASE_CARD_SHARE = "erase-card-share";

    private HsmRollbacks() {
    }

    private static String param(RegisteredRollback r, String name) {
        Object v = r.params().get(name);
        return v == null ? "" : v.toString();
    }

    public record DestroyHsmObject(CeremonyEnvironment env) implements RollbackHandler {
        public String kind() {
            return DESTROY_HSM_OBJECT;
        }

        public Map<String, Object> undo(RegisteredRollback r, StepContext ctx) throws KeyCeremonyException {
            String serial = param(r, "tokenSerial");
            ObjectClass cls = ObjectClass.valueOf(param(r, "objectClass"));
            byte[] id = HexFormat.of().parseHex(param(r, "id"));
            Optional<HsmConnection> live = live(ctx, serial);
            if (live.isPresent()) {
                return destroy(live.get().token(), cls, param(r, "label"), id, r);
            }
            try (HsmToken token = env.openHsmModule().openBySerial(serial)) {
                try (Pin pin = ctx.pin(param(r, "holder").isEmpty() ? param(r, "tokenLabel") : param(r, "holder"))) {
                    token.login(pin, PinHolder.administrator());
                }
                try {
                    return destroy(token, cls, param(r, "label"), id, r);
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

        /**
         * Destroys the objects with this class, label and ID that are this ceremony's: those whose
         * public key (or value) is the one the log recorded when they were made. Without such a
         * record only an interrupted step can have made one (it checked the label and ID unused
         * before registering, under the ceremony's lock); otherwise an object with that name is
         * somebody else's and is left alone, said in the refusal.
         */
        private static Map<String, Object> destroy(HsmToken token, ObjectClass cls, String label, byte[] id,
                                                   RegisteredRollback r) throws KeyCeremonyException {
            List<TokenObject> found = token.findObjects(cls, label, id);
            List<TokenObject> ours = new ArrayList<>();
            List<String> notOurs = new ArrayList<>();
            for (TokenObject o : found) {
                if (!r.confirmed()) {
                    if (r.settled()) {
                        throw new KeyCeremonyException("The " + cls + " '" + label + "' (ID " + HexFormat.of().formatHex(id)
                                + ") on " + token.info().describe() + " is not recorded in this ceremony's log as made by "
                                + "it, and the step that would have made it ended: it was left alone. If it is this "
                                + "ceremony's, remove it with the HSM vendor's tool and record an exception");
                    }
                    ours.add(o);
                } else if (isTheOneMade(token, o, r.created())) {
                    ours.add(o);
                } else {
                    notOurs.add(o.objectClass() + " '" + o.label() + "'");
                }
            }
            for (TokenObject o : ours) {
                token.destroyObject(o.handle());
            }
            if (!ours.isEmpty() && token.findObjects(cls, label, id).size() != found.size() - ours.size()) {
                throw new KeyCeremonyException("The " + cls + " '" + label + "' is still on " + token.info().describe()
                        + " after destroying it. Remove it with the vendor's tool and record it");
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("token", token.info().serial());
            f.put("objectClass", cls.name());
            f.put("label", label);
            f.put("destroyed", (long) ours.size());
            f.put("alreadyAbsent", ours.isEmpty());
            f.put("identifiedBy", r.confirmed() ? "the public key or value recorded when it was made"
                    : "made in the step that was interrupted (label and ID were unused when it began)");
            if (!notOurs.isEmpty()) {
                f.put("keptNotThisCeremonys", List.copyOf(notOurs));
            }
            return f;
        }

        /** True if {@code o} is the object the log recorded: same SubjectPublicKeyInfo, or same value hash. */
        private static boolean isTheOneMade(HsmToken token, TokenObject o, Map<String, Object> created)
                throws KeyCeremonyException {
            Object spki = created.get("spki");
            Object sha256 = created.get("sha256");
            if (o.objectClass() == ObjectClass.CERTIFICATE && sha256 instanceof String hash) {
                return Digests.sha256Hex(token.certificateValue(o)).equals(hash);
            }
            if (!(spki instanceof String encoded)) {
                return false;
            }
            java.security.PublicKey expected = publicKeyOf(encoded);
            if (o.objectClass() == ObjectClass.PUBLIC_KEY) {
                return java.util.Arrays.equals(token.publicKey(o).getEncoded(), expected.getEncoded());
            }
            if (o.objectClass() == ObjectClass.PRIVATE_KEY) {
                org.keyceremony.hsm.HsmPrivateKey key = token.privateKey(o);
                try {
                    token.proveKeyPair(key, expected, key.keyType() == org.keyceremony.hsm.KeyType.RSA
                            ? org.keyceremony.hsm.SignatureAlgorithm.SHA256_WITH_RSA
                            : org.keyceremony.hsm.SignatureAlgorithm.SHA384_WITH_ECDSA);
                    return true;
                } catch (org.keyceremony.hsm.KeyCheckFailedException e) {
                    return false;
                }
            }
            return false;
        }
    }

    /** A public key from the base64 SubjectPublicKeyInfo a {@code created} record holds. */
    static java.security.PublicKey publicKeyOf(String spkiBase64) throws KeyCeremonyException {
        byte[] der;
        try {
            der = java.util.Base64.getDecoder().decode(spkiBase64);
        } catch (IllegalArgumentException e) {
            throw new KeyCeremonyException("The log's record of a public key is damaged; nothing was removed", e);
        }
        for (String alg : List.of("RSA", "EC")) {
            try {
                return java.security.KeyFactory.getInstance(alg).generatePublic(
                        new java.security.spec.X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                // try the other algorithm
            }
        }
        throw new KeyCeremonyException("The log's record of a public key is not a public key; nothing was removed");
    }

    /** The record of a key made under {@code registered}: its SubjectPublicKeyInfo. */
    public static Map<String, Object> keyIdentity(java.security.PublicKey key) {
        return Map.of("spki", java.util.Base64.getEncoder().encodeToString(key.getEncoded()));
    }

    public record EraseCardShare(CeremonyEnvironment env) implements RollbackHandler {
        public String kind() {
            return ERASE_CARD_SHARE;
        }

        /**
         * Erases share #n of the registered set from the card, and nothing else: the share-set id is
         * random per split, so a share of it is this ceremony's; with a creation record, the card's
         * serial and the share's commitment must be the ones recorded too.
         */
        public Map<String, Object> undo(RegisteredRollback r, StepContext ctx) throws KeyCeremonyException {
            String card = param(r, "card");
            ShareSetId set = ShareSetId.fromHex(param(r, "shareSetId"));
            int number = Integer.parseInt(param(r, "shareNumber"));
            CustodianCards cards = new CustodianCards(env.openCardModule());
            Optional<String> commitment = Optional.ofNullable(r.created().get("commitment")).map(Object::toString);
            ctx.notice(holderOf(r, ctx, number, card) + ": insert your card (" + card + ") and type your PIN. Share #"
                    + number + " of set " + set.shortHex() + ", which this ceremony wrote, is taken back: it is erased "
                    + "from the card and nothing else on it is touched.");
            try (CardSession inserted = cards.insert(PinTries.cardRef(card))) {
                PinTries.logIn(ctx, inserted, card);
                ShareErased erased = inserted.eraseShare(set, number, commitment);
                Object serial = r.created().get("cardSerial");
                if (serial != null && !serial.equals(erased.card().serial()) && !erased.objectLabels().isEmpty()) {
                    throw new IllegalStateException("erased on another card than recorded");
                }
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("card", erased.card().serial());
                f.put("shareSetId", set.hex());
                f.put("shareNumber", (long) number);
                if (erased.objectLabels().isEmpty()) {
                    f.put("alreadyAbsent", true);
                } else {
                    f.put("erased", erased.objectLabels().stream().map(l -> (Object) l).toList());
                }
                return f;
            }
        }
    }

    /**
     * Who holds the card a share is erased from, for the notice that asks for it: the custodian the
     * registration names (logs from before it named one: custodian #n of the set-up, when share
     * #n was written to custodian n), else "The custodian with card-5".
     */
    static String holderOf(RegisteredRollback r, StepContext ctx, int number, String card) {
        String named = param(r, "custodian");
        if (!named.isEmpty()) {
            return named;
        }
        List<org.keyceremony.ceremony.Participant> custodians =
                ctx.ceremony().setup().holding(org.keyceremony.script.Role.CUSTODIAN);
        return number >= 1 && number <= custodians.size() ? custodians.get(number - 1).name()
                : "The custodian with " + card;
    }

    public record DeleteFile(CeremonyEnvironment env) implements RollbackHandler {
        public String kind() {
            return Outputs.DELETE_FILE;
        }

        /**
         * Deletes the file the ceremony wrote, only if it is still that file (same SHA-256) and lies
         * directly in the ceremony's own folder or on a backup medium named for this run, reached
         * without symbolic links: a path from the log is never trusted on its own (a log can be
         * rewritten without a key, or copied from another ceremony).
         */
        public Map<String, Object> undo(RegisteredRollback r, StepContext ctx) throws KeyCeremonyException {
            Path p = Path.of(param(r, "path"));
            Path confined = Outputs.confined(p, allowedFolders(ctx));
            try {
                // a crash while writing leaves only the hidden partial file, never a part under the real name
                DurableFile.removePartial(confined);
                if (!Files.exists(confined, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return Map.of("path", confined.toString(), "alreadyAbsent", true);
                }
                String sha = Digests.sha256Hex(confined);
                if (!sha.equals(param(r, "sha256"))) {
                    throw new KeyCeremonyException("The file " + confined + " is not the one this ceremony wrote "
                            + "(its SHA-256 differs); it was left alone");
                }
                Files.delete(confined);
                return Map.of("path", confined.toString(), "deleted", true);
            } catch (IOException e) {
                throw new KeyCeremonyException("Cannot delete " + confined + " (" + e.getMessage() + ")", e);
            }
        }

        private List<Path> allowedFolders(StepContext ctx) {
            List<Path> folders = new ArrayList<>();
            folders.add(ctx.ceremony().outputDirectory());
            folders.addAll(env.backupDestinations());
            return folders;
        }
    }
}
