package org.keyceremony.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 1 (and the headless half of 5): a headless rehearsal root ceremony end to end
 * against the floor, the same kind of PKCS#11 work done by pkcs11-tool: one key-pair
 * generation, five data-object writes (one per card), one signature. Runs alternate
 * (ceremony, floor, ceremony, floor …) so that both see the same machine.
 */
final class CeremonyBench {
    private static final Pattern EVENT = Pattern.compile(
            "\"step\":\"([^\"]*)\",\"time\":\"([^\"]+)\",\"type\":\"([^\"]+)\"");

    /** Medians of one algorithm. */
    static final class Figures {
        final String name;
        final Stats total = new Stats();
        final Stats parentJvm = new Stats();
        final Stats world = new Stats();
        final Stats childJvm = new Stats();
        final Stats proper = new Stats();
        final Stats exit = new Stats();
        final Map<String, Stats> steps = new LinkedHashMap<>();
        final Stats floor = new Stats();
        final Map<String, Stats> floorParts = new LinkedHashMap<>();
        final Stats worldFloor = new Stats();
        final Stats jvmAlone = new Stats();
        Map<String, Double> jvmPeaksMib = Map.of();
        int tokens;
        double sumMib;
        double timeMaxMib;
        Path transcript;

        Figures(String name) {
            this.name = name;
        }
    }

    private final Setup s;

    CeremonyBench(Setup s) {
        this.s = s;
    }

    /** The shipped root script with its key made EC P-384 and the digest SHA-384 (see ceremony-scripts/README.md). */
    Path ecScript() throws IOException {
        String rsa = Files.readString(s.repo().resolve("ceremony-scripts/root-key-generation.yaml"));
        String ec = replaceOnce(rsa, "    algorithm: RSA\n    size: 4096\n", "    algorithm: EC\n    curve: P-384\n");
        ec = replaceOnce(ec, "    digest: SHA-256\n", "    digest: SHA-384\n");
        Path f = s.work().resolve("root-key-generation-ec-p384.yaml");
        Files.writeString(f, ec);
        return f;
    }

    private static String replaceOnce(String text, String from, String to) {
        int i = text.indexOf(from);
        if (i < 0 || text.indexOf(from, i + 1) >= 0) {
            throw new IllegalStateException("the shipped root script no longer has exactly one '" + from.trim()
                    + "'; update bench/ to make its EC variant");
        }
        return text.substring(0, i) + to + text.substring(i + from.length());
    }

    Figures measure(String name, Path script, boolean ec) throws IOException {
        Figures f = new Figures(name);
        for (int i = 1; i <= s.reps(); i++) {
            ceremony(f, script, s.work().resolve("ceremony-" + name + "-" + i));
            floor(f, ec, s.work().resolve("floor-" + name + "-" + i));
            f.jvmAlone.add(Proc.run(Proc.cmd(s.ceremony(), "--help"), null, s.work()).ok().seconds());
            System.err.printf("  %s run %d/%d: ceremony %.2f s, floor %.3f s%n", name, i, s.reps(),
                    f.total.last(), f.floor.last());
        }
        memory(f, script, s.work().resolve("memory-" + name));
        return f;
    }

    private void ceremony(Figures f, Path script, Path ws) throws IOException {
        Instant start = Instant.now();
        Proc.Result r = Proc.run(Proc.cmd(s.ceremony(), "rehearse", "--workspace", ws, "--headless", "--script", script,
                "--answers", s.answers()), null, s.work()).ok();
        Instant end = start.plusNanos((long) (r.seconds() * 1e9));
        Instant conf = Files.getLastModifiedTime(ws.resolve("softhsm2.conf")).toInstant();
        Instant marker = Files.getLastModifiedTime(ws.resolve("REHEARSAL")).toInstant();
        Path dir;
        try (var d = Files.list(ws.resolve("transcripts"))) {
            dir = d.findFirst().orElseThrow();
        }
        List<String[]> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            Matcher m = EVENT.matcher(line);
            if (!m.find()) {
                throw new IllegalStateException("unexpected event line layout: " + line);
            }
            events.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        Instant first = Instant.parse(events.get(0)[1]);
        Instant last = Instant.parse(events.get(events.size() - 1)[1]);
        try (var d = Files.list(ws.resolve("tokens"))) {
            f.tokens = (int) d.count();
        }
        f.total.add(r.seconds());
        f.parentJvm.add(secs(start, conf));
        f.world.add(secs(conf, marker));
        f.childJvm.add(secs(marker, first));
        f.proper.add(secs(first, last));
        f.exit.add(secs(last, end));
        Map<String, Instant> begun = new LinkedHashMap<>();
        for (String[] e : events) {
            if (e[2].equals("step-begin")) {
                begun.put(e[0], Instant.parse(e[1]));
            } else if (e[2].equals("step-end") && begun.containsKey(e[0])) {
                f.steps.computeIfAbsent(e[0], k -> new Stats()).add(secs(begun.get(e[0]), Instant.parse(e[1])));
            }
        }
        try (var d = Files.list(dir)) {
            f.transcript = d.filter(p -> p.getFileName().toString().startsWith("transcript-")).findFirst().orElseThrow();
        }
    }

    private static double secs(Instant a, Instant b) {
        return java.time.Duration.between(a, b).toNanos() / 1e9;
    }

    /** The floor: a fresh world (timed apart), then 1 key pair, 5 data objects, 1 signature. */
    private void floor(Figures f, boolean ec, Path ws) throws IOException {
        Files.createDirectories(ws.resolve("tokens"));
        Path conf = ws.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = " + ws.resolve("tokens") + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n");
        Map<String, String> env = Proc.env("SOFTHSM2_CONF", conf.toString());
        double world = 0;
        List<String> tokens = new ArrayList<>(List.of("rehearsal-hsm", "rehearsal-hsm-2"));
        for (int i = 1; i <= f.tokens - 2; i++) {
            tokens.add("card-" + i);
        }
        for (String t : tokens) {
            world += Proc.run(s.initToken(t), env, ws).ok().seconds();
        }
        f.worldFloor.add(world);
        byte[] share = new byte[160];
        new java.security.SecureRandom().nextBytes(share);
        Path shareFile = Files.write(ws.resolve("share.bin"), share);
        Path digest = Files.write(ws.resolve("tbs.bin"), new byte[ec ? 48 : 64]);
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("key pair", Proc.run(s.pkcs11("rehearsal-hsm", "--keypairgen", "--key-type",
                ec ? "EC:secp384r1" : "rsa:4096", "--id", "01", "--label", "root-ca"), env, ws).ok().seconds());
        double writes = 0;
        for (int i = 1; i <= 5; i++) {
            writes += Proc.run(s.pkcs11("card-" + i, "--write-object", shareFile.toString(), "--type", "data",
                    "--label", "keyceremony-share", "--application-label", "keyceremony", "--private"), env, ws)
                    .ok().seconds();
        }
        parts.put("5 data objects", writes);
        parts.put("signature", Proc.run(s.pkcs11("rehearsal-hsm", "--sign", "--id", "01", "-m",
                ec ? "ECDSA" : "SHA256-RSA-PKCS", "--input-file", digest.toString(), "--output-file",
                ws.resolve("sig.bin").toString()), env, ws).ok().seconds());
        double total = 0;
        for (var e : parts.entrySet()) {
            f.floorParts.computeIfAbsent(e.getKey(), k -> new Stats()).add(e.getValue());
            total += e.getValue();
        }
        f.floor.add(total);
    }

    /** Peak RSS: one more run under /usr/bin/time (the largest single process) and the sampler (each JVM). */
    private void memory(Figures f, Path script, Path ws) throws IOException {
        Path timeOut = s.work().resolve("time-" + f.name + ".txt");
        List<String> cmd = Proc.cmd("/usr/bin/time", "-f", "%M", "-o", timeOut, s.ceremony(), "rehearse",
                "--workspace", ws, "--headless", "--script", script, "--answers", s.answers());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(s.work().resolve("memory-" + f.name + ".out").toFile());
        try {
            Process p = pb.start();
            try (MemorySampler sampler = new MemorySampler(p.toHandle())) {
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("the memory run of " + f.name + " failed; see "
                            + s.work().resolve("memory-" + f.name + ".out"));
                }
                f.jvmPeaksMib = sampler.peaksMib();
                f.sumMib = sampler.maxSumMib();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        f.timeMaxMib = Long.parseLong(Files.readString(timeOut).trim()) / 1024.0;
    }
}
