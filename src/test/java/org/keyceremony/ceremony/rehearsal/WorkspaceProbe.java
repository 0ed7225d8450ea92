package org.keyceremony.ceremony.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.keyceremony.cards.CardRef;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CardShare;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.ceremony.backup.ShareRecord;
import org.keyceremony.hsm.DataObject;
import org.keyceremony.hsm.HsmPrivateKey;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyType;
import org.keyceremony.hsm.KeyWrapMechanism;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.SignatureAlgorithm;
import org.keyceremony.hsm.UnwrapTarget;
import org.keyceremony.hsm.WrappedKey;
import org.keyceremony.hsm.WrappingKey;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkCheckValue;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareCommitment;
import org.keyceremony.sharing.ShareCommitments;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.sharing.ShareSetId;

/**
 * Test-only program run in a child JVM whose {@code SOFTHSM2_CONF} is a rehearsal
 * workspace's (SoftHSM2 reads it once per process): it works with that world's tokens the
 * way a restore or an attacker holding the cards would. It never prints a secret: it prints
 * what it did, and its exit code says whether it worked.
 *
 * <ul>
 *   <li>{@code restore PACKAGE PIN CARD...}: reads the named cards, recombines the KWK,
 *       checks it against the package, unwraps the root key into {@code rehearsal-hsm-2}
 *       as a token object and has it sign a challenge that the package's certificate verifies;</li>
 *   <li>{@code trials PACKAGE PIN M CARD...}: the same for every M-subset of the named cards,
 *       each unwrapped as a session object that is destroyed again;</li>
 *   <li>{@code canaries WORKSPACE PIN CARDS EXTRA_PIN... -- FILE...}: reads every share from
 *       {@code card-1..card-CARDS}, recombines the KWK and scans every file under the workspace and
 *       the extra files for the KWK, each share and each PIN ({@link SecretCanaries}).</li>
 * </ul>
 */
public final class WorkspaceProbe {
    private WorkspaceProbe() {
    }

    public static void main(String[] args) throws Exception {
        int code = switch (args[0]) {
            case "restore" -> restore(Path.of(args[1]), args[2], List.of(args).subList(3, args.length));
            case "trials" -> trials(Path.of(args[1]), args[2], Integer.parseInt(args[3]), List.of(args).subList(4, args.length));
            case "canaries" -> canaries(args);
            default -> throw new IllegalArgumentException("unknown probe " + args[0]);
        };
        System.exit(code);
    }

    private static Pkcs11Module module() throws Exception {
        return Pkcs11Module.open(Path.of(RehearsalRuns.MODULE));
    }

    private static int restore(Path packageFile, String pinText, List<String> cardLabels) throws Exception {
        BackupMetadata m = BackupPackage.open(Files.readAllBytes(packageFile));
        List<CardShare> read = new ArrayList<>();
        try (HsmToken target = module().openByLabel(RehearsalWorld.HSM_2); Pin pin = Pin.copyOf(pinText.toCharArray())) {
            List<ShareEnvelope> envelopes = readCards(m, pinText, cardLabels, read);
            target.login(pin);
            HsmPrivateKey restored = unwrapAndProve(target, m, envelopes,
                    UnwrapTarget.restore(m.keyLabel(), HexFormat.of().parseHex(m.keyIdHex())));
            target.logout();
            System.out.println("restored " + restored.label() + " (ID " + restored.idHex() + ") into "
                    + RehearsalWorld.HSM_2 + " from " + cardLabels + "; challenge signature verified");
            return 0;
        } finally {
            read.forEach(CardShare::close);
        }
    }

    /**
     * Every {@code threshold}-subset of the given cards: recombine, unwrap as a session object
     * into rehearsal-hsm-2, sign a challenge the certificate verifies, destroy.
     */
    private static int trials(Path packageFile, String pinText, int threshold, List<String> cardLabels) throws Exception {
        BackupMetadata m = BackupPackage.open(Files.readAllBytes(packageFile));
        List<CardShare> read = new ArrayList<>();
        try (HsmToken target = module().openByLabel(RehearsalWorld.HSM_2); Pin pin = Pin.copyOf(pinText.toCharArray())) {
            List<ShareEnvelope> all = readCards(m, pinText, cardLabels, read);
            target.login(pin);
            int ok = 0;
            int total = 0;
            int n = all.size();
            for (int mask = 0; mask < 1 << n; mask++) {
                if (Integer.bitCount(mask) != threshold) {
                    continue;
                }
                List<ShareEnvelope> subset = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & 1 << i) != 0) {
                        subset.add(all.get(i));
                    }
                }
                total++;
                byte[] id = {(byte) 0x7e, (byte) mask};
                HsmPrivateKey trial = unwrapAndProve(target, m, subset, UnwrapTarget.trial("restore trial", id));
                target.destroyObject(trial.handle());
                ok++;
            }
            target.logout();
            System.out.println(ok + " of " + total + " subsets of " + threshold + " cards restored the key; "
                    + "each signed a challenge the certificate verified");
            return ok == total ? 0 : 1;
        } finally {
            read.forEach(CardShare::close);
        }
    }

    private static List<ShareEnvelope> readCards(BackupMetadata m, String pinText, List<String> cardLabels,
                                                 List<CardShare> read) throws Exception {
        List<String> commitments = m.shareRecords().stream().map(ShareRecord::commitmentHex).toList();
        PublishedShareSet published = new PublishedShareSet(new ShareCommitments(ShareSetId.fromHex(m.shareSetIdHex()),
                m.shareRecords().stream().sorted(java.util.Comparator.comparingInt(ShareRecord::shareNumber))
                        .map(r -> ShareCommitment.fromHex(r.commitmentHex())).toList()),
                m.threshold(), m.shares(), KwkCheckValue.fromHex(m.kwkCheckValueHex()));
        CustodianCards cards = new CustodianCards(module());
        List<ShareEnvelope> envelopes = new ArrayList<>();
        for (String label : cardLabels) {
            try (CardSession card = cards.insert(CardRef.byLabel(label))) {
                try (Pin pin = Pin.copyOf(pinText.toCharArray())) {
                    card.logIn(pin);
                }
                CardShare share = card.readVerified(published);
                read.add(share);
                if (!commitments.contains(share.envelope().commitment().hex())) {
                    throw new IllegalStateException("card " + label + ": its share is not one the package lists");
                }
                envelopes.add(share.envelope());
            }
        }
        return envelopes;
    }

    /** Recombines, checks the check value, unwraps into {@code target} and proves the key by a verified signature. */
    private static HsmPrivateKey unwrapAndProve(HsmToken target, BackupMetadata m, List<ShareEnvelope> envelopes,
                                                UnwrapTarget as) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(m.certificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        KeyType type = m.keyAlgorithm().equals("RSA") ? KeyType.RSA : KeyType.EC;
        KeyWrapMechanism mechanism = java.util.Arrays.stream(KeyWrapMechanism.values())
                .filter(w -> w.value() == m.wrapMechanismCode()).findFirst().orElseThrow();
        HsmPrivateKey key;
        try (SecretBytes kwk = ShareSet.combine(envelopes)) {
            if (!KwkCheckValue.of(kwk).hex().equals(m.kwkCheckValueHex())) {
                throw new IllegalStateException("the recombined KWK does not match the package's check value");
            }
            WrappingKey wk = target.importWrappingKey(kwk);
            try {
                key = target.unwrapPrivateKey(wk, new WrappedKey(m.wrappedKey(), mechanism, type), as, cert.getPublicKey());
            } finally {
                target.destroyObject(wk.handle());
            }
        }
        SignatureAlgorithm alg = type == KeyType.RSA ? SignatureAlgorithm.SHA256_WITH_RSA : SignatureAlgorithm.SHA384_WITH_ECDSA;
        byte[] challenge = ("restore challenge " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Signature v = Signature.getInstance(alg.jcaName());
        v.initVerify(cert.getPublicKey());
        v.update(challenge);
        if (!v.verify(target.sign(key, alg, challenge))) {
            throw new IllegalStateException("the restored key's signature does not verify with the package's certificate");
        }
        return key;
    }

    private static int canaries(String[] args) throws Exception {
        Path workspace = Path.of(args[1]);
        String pinText = args[2];
        int cardCount = Integer.parseInt(args[3]);
        int sep = List.of(args).indexOf("--");
        List<String> pins = List.of(args).subList(2, 3);
        pins = new ArrayList<>(pins);
        pins.addAll(List.of(args).subList(4, sep));
        List<Path> extra = List.of(args).subList(sep + 1, args.length).stream().map(Path::of).toList();
        List<ShareEnvelope> envelopes = new ArrayList<>();
        try {
            // Read the way anyone holding a card and its PIN can: straight through PKCS#11, no checks.
            for (int i = 1; i <= cardCount; i++) {
                try (HsmToken card = module().openByLabel(RehearsalWorld.cardLabel(i));
                     Pin pin = Pin.copyOf(pinText.toCharArray())) {
                    card.login(pin);
                    List<DataObject> objects = card.findDataObjects(CustodianCards.APPLICATION);
                    if (objects.size() != 1) {
                        System.out.println("card-" + i + " holds " + objects.size() + " shares, expected 1");
                        return 1;
                    }
                    byte[] value = card.readDataObject(objects.get(0));
                    try {
                        envelopes.add(ShareEnvelopeCodec.decode(value));
                    } finally {
                        java.util.Arrays.fill(value, (byte) 0);
                    }
                }
            }
            try (SecretBytes kwk = ShareSet.combine(envelopes)) {
                List<SecretCanaries.Secret> secrets = new ArrayList<>();
                secrets.add(new SecretCanaries.Secret("the KWK", kwk.reveal()));
                for (ShareEnvelope e : envelopes) {
                    secrets.add(new SecretCanaries.Secret("share #" + e.number(), e.share().reveal()));
                    try (SecretBytes encoded = org.keyceremony.sharing.ShareEnvelopeCodec.encode(e)) {
                        secrets.add(new SecretCanaries.Secret("the envelope of share #" + e.number(), encoded.reveal()));
                    }
                }
                for (int i = 0; i < pins.size(); i++) {
                    secrets.add(new SecretCanaries.Secret("PIN " + (i + 1),
                            pins.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                SecretCanaries canaries = new SecretCanaries(secrets);
                List<Path> files = new ArrayList<>();
                try (var walk = Files.walk(workspace)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
                files.addAll(extra);
                List<String> found = canaries.scan(files);
                System.out.println("scanned " + files.size() + " files for " + canaries.needleCount() + " encodings of "
                        + secrets.size() + " secrets");
                found.forEach(System.out::println);
                return found.isEmpty() ? 0 : 1;
            }
        } finally {
            envelopes.forEach(ShareEnvelope::close);
        }
    }
}
