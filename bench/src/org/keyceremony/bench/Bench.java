package org.keyceremony.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * bench/run's main: measures the five things of docs/performance.md side by side in one
 * run, prints the tables and, when every section ran, writes docs/performance.md.
 *
 * <p>Arguments: REPO DIST CLASSES WORK MODULE [--reps N] [--only ceremony,verify,gui,scaling,flags]
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = 5;
        Set<String> only = Set.of("ceremony", "verify", "gui", "scaling", "flags");
        boolean all = true;
        for (int i = 5; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--only" -> {
                    only = Set.of(args[++i].split(","));
                    all = false;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Setup s = new Setup(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]), reps);
        Machine machine = Machine.describe(s);
        Report report = new Report();
        CeremonyBench ceremonies = new CeremonyBench(s);
        Path ecScript = ceremonies.ecScript();
        List<CeremonyBench.Figures> ran = new ArrayList<>();
        Path transcript = null;

        if (only.contains("ceremony")) {
            System.err.println("1. ceremony against the pkcs11-tool floor, " + reps + " runs each, alternating");
            CeremonyBench.Figures ec = ceremonies.measure("EC P-384", ecScript, true);
            CeremonyBench.Figures rsa = ceremonies.measure("RSA-4096", s.repo().resolve(
                    "ceremony-scripts/root-key-generation.yaml"), false);
            ran.add(ec);
            ran.add(rsa);
            transcript = ec.transcript;
            report.verdict("headless root ceremony, EC P-384, 3-of-5, end to end", Report.secs(ec.total.median()),
                    "pkcs11-tool floor " + Report.secs(ec.floor.median()), Report.ratio(ec.total.median(), ec.floor.median()),
                    "≤ 3×", ec.total.median() <= 3 * ec.floor.median() ? "met" : "missed (see phases)");
            report.verdict("&nbsp;&nbsp;of which the ceremony proper (events.jsonl)", Report.secs(ec.proper.median()),
                    "pkcs11-tool floor " + Report.secs(ec.floor.median()), Report.ratio(ec.proper.median(), ec.floor.median()),
                    "", "");
            report.verdict("headless root ceremony, RSA-4096, 3-of-5, end to end", Report.secs(rsa.total.median()),
                    "pkcs11-tool floor " + Report.secs(rsa.floor.median()),
                    Report.ratio(rsa.total.median(), rsa.floor.median()), "(none)", "");
            report.ceremony(ec, "ceremony-scripts/root-key-generation.yaml with policy.key EC P-384, digest SHA-384");
            report.ceremony(rsa, "ceremony-scripts/root-key-generation.yaml as shipped");
        } else if (only.contains("verify") || only.contains("scaling") || only.contains("flags")) {
            transcript = oneTranscript(s, ecScript);
        }
        if (only.contains("verify")) {
            System.err.println("2. ceremony verify against pdfsig");
            VerifyBench.Figures v = new VerifyBench(s).measure(transcript);
            report.verdict("`ceremony verify`, one transcript", Report.secs(v.one.median()),
                    "pdfsig " + Report.secs(v.pdfsigOne.median()), Report.ratio(v.one.median(), v.pdfsigOne.median()),
                    "≤ 10×", v.one.median() <= 10 * v.pdfsigOne.median() ? "met" : "missed (see below)");
            report.verdict("`ceremony verify`, 100 transcripts in one run", Report.secs(v.batch.median()),
                    "100 × pdfsig " + Report.secs(v.pdfsigBatch.median()),
                    Report.ratio(v.batch.median(), v.pdfsigBatch.median()), "≤ 1×",
                    v.batch.median() <= v.pdfsigBatch.median() ? "met" : "missed (see below)");
            report.verify(v);
        }
        GuiBench.Figures gui = null;
        if (only.contains("gui")) {
            System.err.println("3. GUI start against a bare JavaFX window");
            gui = new GuiBench(s).measure();
            if (gui.absent == null) {
                report.verdict("GUI: launch to the home screen's first frame", Report.secs(gui.app.median()),
                        "bare JavaFX window " + Report.secs(gui.bare.median()),
                        Report.ratio(gui.app.median(), gui.bare.median()), "≤ 1.05×",
                        gui.app.median() <= 1.05 * gui.bare.median() ? "met" : "missed (see below)");
            } else {
                report.verdict("GUI: launch to the home screen's first frame", "not measured: " + gui.absent,
                        "bare JavaFX window " + Report.secs(gui.bare.median()), "—", "≤ 1.05×", "not measured");
            }
            report.gui(gui);
        }
        if (only.contains("scaling")) {
            System.err.println("4. transcript render + sign for 100 (the whole real log), 500, 5000 events");
            List<ScalingBench.Point> points = new ScalingBench(s).measure(transcript.resolveSibling("events.jsonl"),
                    transcript.resolveSibling("script.yaml"));
            ScalingBench.Point small = points.get(0);
            ScalingBench.Point big = points.get(points.size() - 1);
            double perEventGrowth = (big.total() / big.events()) / (points.get(1).total() / points.get(1).events());
            report.verdict("transcript render + sign, 500 → 5,000 events", Report.secs(big.total()),
                    Report.secs(points.get(1).total()) + " at 500",
                    String.format("%.1f× for %.1f× the events", big.total() / points.get(1).total(),
                            (double) big.events() / points.get(1).events()),
                    "linear", perEventGrowth <= 1.5 ? "met" : "missed (see below)");
            report.scaling(points);
            if (small.events() < 40) {
                throw new IllegalStateException("synthetic logs too short: " + points);
            }
        }
        if (only.contains("flags")) {
            System.err.println("6. the launcher's JVM flags against the JDK's defaults");
            report.flags(new FlagsBench(s).measure(ecScript, transcript));
        }
        if (!ran.isEmpty() || gui != null) {
            for (CeremonyBench.Figures f : ran) {
                double worst = Math.max(f.sumMib, f.timeMaxMib);
                report.verdict("peak RSS, headless " + f.name + " (all its JVMs at once)", Report.mib(worst),
                        "", "", f.name.startsWith("EC") ? "≤ 100 MB" : "(none)", !f.name.startsWith("EC") ? ""
                                : worst * 1024 * 1024 <= 100e6 ? "met" : "missed (see below)");
            }
            if (gui != null && gui.absent == null && gui.appMib.count() > 0) {
                report.verdict("peak RSS, GUI home screen", Report.mib(gui.appMib.median()),
                        "bare window " + Report.mib(gui.bareMib.median()), "", "(none)", "");
            }
            report.memory(ran, gui);
        }
        String loadAfter = Machine.load();
        String text = Document.render(machine, loadAfter, reps, report,
                Files.readString(s.repo().resolve("bench/notes.md")));
        System.out.println(text);
        if (all) {
            Files.writeString(s.repo().resolve("docs/performance.md"), text);
            System.err.println("Wrote " + s.repo().resolve("docs/performance.md"));
        } else {
            System.err.println("Not all sections ran (--only): docs/performance.md left as it is.");
        }
    }

    /** A transcript for sections 2 and 4 when section 1 is skipped. */
    private static Path oneTranscript(Setup s, Path script) throws IOException {
        Path ws = s.work().resolve("ceremony-for-transcript");
        Proc.run(Proc.cmd(s.ceremony(), "rehearse", "--workspace", ws, "--headless", "--script", script, "--answers",
                s.answers()), null, s.work()).ok();
        try (var walk = Files.walk(ws.resolve("transcripts"))) {
            return walk.filter(p -> p.getFileName().toString().startsWith("transcript-")).findFirst().orElseThrow();
        }
    }
}
