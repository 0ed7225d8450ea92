package org.keyceremony.bench;

import org.keyceremony.ceremony.pki.CertificateIssuer;
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.base.Digests;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.transcript.Attachment;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventType;
import org.keyceremony.transcript.TranscriptFacts;
import org.keyceremony.transcript.TranscriptRenderer;
import org.keyceremony.transcript.TranscriptSigner;
import org.keyceremony.transcript.TranscriptWriter;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 4, run in its own JVM with the launcher's flags: builds synthetic event logs of
 * the requested sizes with {@link EventLog} (the steps of a real ceremony's log, repeated
 * under new step ids), then times {@link TranscriptWriter#writeFromLog} (log check, facts,
 * render, sign with a software EC P-384 key, self-verification, write) and, apart, render and sign.
 * Prints one line per size: {@code events=… bytes=… total=… render=… sign=…} (medians, seconds).
 *
 * <p>Arguments: WORKDIR TEMPLATE_EVENTS SCRIPT REPS SIZE…
 */
public final class ScalingProbe {
    private ScalingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        List<Event> template = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            template.add(Event.parse(line));
        }
        String script = Files.readString(Path.of(args[2]));
        int reps = Integer.parseInt(args[3]);
        Provider sunEc = Security.getProvider("SunEC");
        KeyPair rootKeys = ecKeyPair();
        KeyPair signerKeys = ecKeyPair();
        Instant now = template.get(0).time();
        X509Certificate root = CertificateIssuer.selfSignRoot(new CertificateProfile(
                "CN=Bench Root CA, O=KeyCeremony bench, C=NL", 3650, null, "SHA-384"), KeyAlgorithm.EC,
                rootKeys.getPublic(), serial(), now, new HsmSigner(rootKeys.getPrivate(), sunEc));
        // The verifier ties the signer to the ceremony its log records (signer-of-ceremony): the signer
        // names the template's ceremony id, and the log's certificate facts are these certificates.
        String ceremonyId = String.valueOf(template.get(0).data().get("ceremonyId"));
        X509Certificate signerCert = CertificateIssuer.issueTranscriptCertificate(root, "SHA-384", KeyAlgorithm.EC,
                signerKeys.getPublic(), "CN=REHEARSAL KeyCeremony transcript signer, SERIALNUMBER=" + ceremonyId,
                serial(), now, new HsmSigner(rootKeys.getPrivate(), sunEc));
        TranscriptSigner signer = TranscriptSigner.withKey(signerKeys.getPrivate(), sunEc, signerCert, root);
        Map<String, String> certificateSha256 = Map.of("self-sign-certificate", Digests.sha256Hex(root.getEncoded()),
                "issue-transcript-certificate", Digests.sha256Hex(signerCert.getEncoded()));

        List<Integer> sizes = new ArrayList<>();
        List<byte[]> logs = new ArrayList<>();
        List<Instant> signedAt = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            sizes.add(n);
            byte[] log = syntheticLog(work.resolve("log-" + n), template, n, certificateSha256);
            logs.add(log);
            // Signed right after the log's last event, as the product signs (the verifier's signing-time check).
            List<Event> events = parse(log);
            signedAt.add(events.get(events.size() - 1).time().plusSeconds(1));
        }
        // warm-up: the JIT sees every path once at the middle size before anything is timed
        int mid = sizes.size() / 2;
        for (int w = 0; w < 3; w++) {
            write(work.resolve("warm-" + w + ".pdf"), logs.get(mid), script, signerCert, signer, root);
        }
        double[][] total = new double[sizes.size()][reps];
        double[][] render = new double[sizes.size()][reps];
        double[][] sign = new double[sizes.size()][reps];
        long[] bytes = new long[sizes.size()];
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < sizes.size(); i++) {
                Path pdf = work.resolve("transcript-" + sizes.get(i) + "-" + r + ".pdf");
                long t0 = System.nanoTime();
                write(pdf, logs.get(i), script, signerCert, signer, root);
                total[i][r] = (System.nanoTime() - t0) / 1e9;
                bytes[i] = Files.size(pdf);
                Files.delete(pdf);
                List<Event> events = parse(logs.get(i));
                t0 = System.nanoTime();
                byte[] unsigned = TranscriptRenderer.render(TranscriptFacts.fromEvents(events, script),
                        attachments(logs.get(i), script), signedAt.get(i));
                render[i][r] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                signer.sign(unsigned, signedAt.get(i), "KeyCeremony rehearsal transcript signer", "bench");
                sign[i][r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        for (int i = 0; i < sizes.size(); i++) {
            System.out.printf("events=%d bytes=%d total=%.6f render=%.6f sign=%.6f%n", parse(logs.get(i)).size(),
                    bytes[i], median(total[i]), median(render[i]), median(sign[i]));
        }
    }

    private static void write(Path pdf, byte[] log, String script, X509Certificate signerCert, TranscriptSigner signer,
                              X509Certificate root) throws Exception {
        TranscriptWriter.writeFromLog(pdf, log, script, signerCert, signer, root);
    }

    private static List<Attachment> attachments(byte[] log, String script) {
        return List.of(new Attachment(Attachment.EVENT_LOG, "application/jsonl", "Hash-chained event log",
                        Attachment.Relationship.SOURCE, log),
                new Attachment(Attachment.SCRIPT, "application/yaml", "The ceremony script",
                        Attachment.Relationship.SOURCE, script.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Event> parse(byte[] log) throws Exception {
        List<Event> events = new ArrayList<>();
        for (String line : new String(log, StandardCharsets.UTF_8).split("\n")) {
            events.add(Event.parse(line));
        }
        return events;
    }

    /**
     * About {@code n} events: the template's ceremony-start, its steps again and again (the
     * k-th repetition renumbers act a as a + 4k, so every step stays distinct), its ceremony-end.
     * Whole steps only, so the count may fall a few events short of {@code n}; never fewer than the
     * template's own events (the self-verification needs every certificate step's facts).
     */
    static byte[] syntheticLog(Path file, List<Event> template, int n, Map<String, String> certificateSha256)
            throws Exception {
        List<List<Event>> steps = new ArrayList<>();
        for (Event e : template.subList(1, template.size() - 1)) {
            if (e.type().equals("step-begin") || steps.isEmpty()) {
                steps.add(new ArrayList<>());
            }
            steps.get(steps.size() - 1).add(e);
        }
        TickingClock clock = new TickingClock(template.get(0).time());
        try (EventLog log = EventLog.create(file, clock)) {
            Event start = template.get(0);
            log.append(EventType.CEREMONY_START, start.step(), start.actor(), start.data());
            int count = 2;
            for (int k = 0; ; k++) {
                boolean added = false;
                for (List<Event> step : steps) {
                    if (k > 0 && count + step.size() > n) {
                        break; // the template's steps appear at least once: the verifier needs their facts
                    }
                    String action = String.valueOf(step.get(0).data().get("action"));
                    for (Event e : step) {
                        log.append(EventType.fromWire(e.type()).orElseThrow(), renumber(e.step(), k), e.actor(),
                                withCertificate(e, action, certificateSha256));
                    }
                    count += step.size();
                    added = true;
                }
                if (!added || count >= n - 2) {
                    break;
                }
            }
            Event end = template.get(template.size() - 1);
            log.append(EventType.CEREMONY_END, end.step(), end.actor(), end.data());
        }
        return Files.readAllBytes(file);
    }

    /** A certificate step's step-end with the bench's certificate in place of the template's. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withCertificate(Event e, String action, Map<String, String> certificateSha256) {
        if (!e.type().equals("step-end") || !certificateSha256.containsKey(action)
                || !(e.data().get("facts") instanceof Map<?, ?> facts)) {
            return e.data();
        }
        Map<String, Object> f = new LinkedHashMap<>((Map<String, Object>) facts);
        f.put("sha256", certificateSha256.get(action));
        Map<String, Object> data = new LinkedHashMap<>(e.data());
        data.put("facts", f);
        return data;
    }

    private static String renumber(String step, int k) {
        if (k == 0 || step.isEmpty()) {
            return step;
        }
        int dot = step.indexOf('.');
        return (Integer.parseInt(step.substring(0, dot)) + 4 * k) + step.substring(dot);
    }

    private static BigInteger serial() {
        byte[] r = new byte[16];
        new java.security.SecureRandom().nextBytes(r);
        return CertificateIssuer.serialFrom(r);
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** One second per event, so that the synthetic ceremony takes a plausible time. */
    private static final class TickingClock extends Clock {
        private Instant next;

        TickingClock(Instant start) {
            this.next = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant t = next;
            next = next.plusSeconds(1);
            return t;
        }
    }
}
