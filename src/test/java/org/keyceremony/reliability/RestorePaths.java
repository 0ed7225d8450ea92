package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkCheckValue;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.sharing.ShareSet;

/**
 * The safety invariant (docs/threat-model.md), checked from outside with OpenSC's
 * {@code pkcs11-tool}: every root key ({@value #ROOT_LABEL}) the HSM holds sealed (not extractable, so a backup is the
 * only way it can ever be restored) has at least one complete restore path — a backup package
 * of that key on a medium plus at least M shares of the package's set on the cards that
 * together rebuild a KWK with the package's check value.
 */
final class RestorePaths {
    private static final Pattern OBJECT = Pattern.compile("(?m)^Private Key Object; (\\S+)\\s*$");
    /** The root key's label in the rehearsal scripts. */
    static final String ROOT_LABEL = "root-ca";
    private static final Pattern DATA_LABEL = Pattern.compile("label:\\s+'([^']*)'");

    /** One complete restore path: a package and the cards whose shares rebuild its KWK. */
    record RestorePath(Path pkg, String shareSet, int threshold, List<String> cards) {
    }

    private RestorePaths() {
    }

    /**
     * Asserts the invariant for the world's HSM ({@code rehearsal-hsm}) and returns, for every
     * sealed private key, the restore paths found (by key label).
     */
    static Map<String, List<RestorePath>> assertHeld(RehearsalWorld world, String context) throws Exception {
        Map<String, List<RestorePath>> out = new LinkedHashMap<>();
        List<BackupMetadata> packages = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String medium : List.of("media-1", "media-2")) {
            Path dir = world.workspace().resolve(medium);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".kcbackup")).sorted().toList()) {
                    try {
                        packages.add(BackupPackage.open(Files.readAllBytes(f)));
                        files.add(f);
                    } catch (Exception refused) {
                        // not a package anyone could restore from: it is no path
                    }
                }
            }
        }
        Map<String, List<ShareEnvelope>> sharesByCard = readShares(world);
        try {
            for (String spki : sealedKeys(world)) {
                List<RestorePath> paths = new ArrayList<>();
                for (int i = 0; i < packages.size(); i++) {
                    BackupMetadata m = packages.get(i);
                    if (!m.spkiSha256().equalsIgnoreCase(spki)) {
                        continue;
                    }
                    List<ShareEnvelope> ofSet = new ArrayList<>();
                    List<String> cards = new ArrayList<>();
                    for (Map.Entry<String, List<ShareEnvelope>> e : sharesByCard.entrySet()) {
                        for (ShareEnvelope s : e.getValue()) {
                            if (s.setId().hex().equalsIgnoreCase(m.shareSetIdHex())
                                    && ofSet.stream().noneMatch(o -> o.number() == s.number())) {
                                ofSet.add(s);
                                cards.add(e.getKey());
                            }
                        }
                    }
                    if (ofSet.size() >= m.threshold() && rebuilds(ofSet.subList(0, m.threshold()), m.kwkCheckValueHex())) {
                        paths.add(new RestorePath(files.get(i), m.shareSetIdHex().toLowerCase(java.util.Locale.ROOT), m.threshold(), cards));
                    }
                }
                assertThat(paths).as("a sealed key (SPKI SHA-256 %s) keeps a complete restore path, %s; packages %s, "
                        + "shares on cards %s", spki, context, files, describe(sharesByCard)).isNotEmpty();
                out.put(spki, paths);
            }
        } finally {
            sharesByCard.values().forEach(l -> l.forEach(ShareEnvelope::close));
        }
        return out;
    }

    private static boolean rebuilds(List<ShareEnvelope> shares, String checkValueHex) {
        try (SecretBytes kwk = ShareSet.combine(shares)) {
            return KwkCheckValue.fromHex(checkValueHex).matches(kwk);
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, List<String>> describe(Map<String, List<ShareEnvelope>> shares) {
        Map<String, List<String>> d = new LinkedHashMap<>();
        shares.forEach((card, list) -> d.put(card, list.stream().map(s -> s.setId().shortHex() + " #" + s.number()).toList()));
        return d;
    }

    /** SPKI SHA-256 of each root private key on the HSM that is not extractable. */
    static List<String> sealedKeys(RehearsalWorld world) throws Exception {
        String slot = RehearsalRuns.slotOf(world.workspace(), RehearsalWorld.HSM);
        String keys = new String(RehearsalRuns.pkcs11Output(world.workspace(), "--slot", slot, "--login", "--pin",
                RehearsalWorld.DEFAULT_USER_PIN, "--list-objects", "--type", "privkey"), StandardCharsets.UTF_8);
        List<String> sealed = new ArrayList<>();
        for (String block : keys.split("(?m)^(?=Private Key Object)")) {
            if (!OBJECT.matcher(block).find()) {
                continue;
            }
            Matcher label = Pattern.compile("label:\\s+(.*)").matcher(block);
            if (!label.find() || !label.group(1).strip().equals(ROOT_LABEL)) {
                continue; // e.g. a ceremony's transcript-signing key, which nobody restores
            }
            Matcher access = Pattern.compile("Access:\\s+(.*)").matcher(block);
            Matcher id = Pattern.compile("ID:\\s+([0-9a-f]+)").matcher(block);
            assertThat(access.find() && id.find()).as("pkcs11-tool lists access and ID:\n" + block).isTrue();
            boolean extractable = List.of(access.group(1).strip().split(",\\s*")).contains("extractable");
            if (extractable) {
                continue;
            }
            // the key's certificate (same CKA_ID) carries its public key; this pkcs11-tool cannot export an EC one
            byte[] der = RehearsalRuns.pkcs11Output(world.workspace(), "--slot", slot, "--read-object", "--type", "cert", "--id",
                    id.group(1));
            byte[] spki = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey().getEncoded();
            sealed.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)));
        }
        return sealed;
    }

    /** Every share readable on the world's cards, by card label. */
    static Map<String, List<ShareEnvelope>> readShares(RehearsalWorld world) throws Exception {
        Map<String, List<ShareEnvelope>> out = new LinkedHashMap<>();
        String list = new String(RehearsalRuns.pkcs11Output(world.workspace(), "-L"), StandardCharsets.UTF_8);
        Matcher t = Pattern.compile("token label\\s*:\\s*(card-\\d+)\\s*$", Pattern.MULTILINE).matcher(list);
        List<String> cards = new ArrayList<>();
        while (t.find()) {
            cards.add(t.group(1));
        }
        for (String card : cards.stream().sorted().toList()) {
            String slot = RehearsalRuns.slotOf(world.workspace(), card);
            String objects = new String(RehearsalRuns.pkcs11Output(world.workspace(), "--slot", slot, "--login", "--pin",
                    RehearsalWorld.DEFAULT_USER_PIN, "--list-objects", "--type", "data"), StandardCharsets.UTF_8);
            Matcher m = DATA_LABEL.matcher(objects);
            List<ShareEnvelope> shares = new ArrayList<>();
            while (m.find()) {
                if (!m.group(1).startsWith("keyceremony-share ")) {
                    continue;
                }
                try {
                    shares.add(ShareEnvelopeCodec.decode(RehearsalRuns.pkcs11Output(world.workspace(), "--slot", slot,
                            "--login", "--pin", RehearsalWorld.DEFAULT_USER_PIN, "--read-object", "--type", "data",
                            "--label", m.group(1))));
                } catch (Exception unreadable) {
                    // a share nobody can read is no share
                }
            }
            out.put(card, shares);
        }
        return out;
    }
}
