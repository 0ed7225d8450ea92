package org.keyceremony.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The figures as Markdown tables: printed by bench/run and written into docs/performance.md. */
final class Report {
    private final StringBuilder md = new StringBuilder();
    private final List<String> summary = new ArrayList<>();

    static String secs(double s) {
        if (Double.isNaN(s)) {
            return "—";
        }
        return s < 1 ? String.format("%.0f ms", s * 1000) : String.format("%.2f s", s);
    }

    static String ratio(double a, double b) {
        return String.format("%.2f×", a / b);
    }

    static String mib(double m) {
        return String.format("%.0f MB", m * 1024 * 1024 / 1e6);
    }

    /** One line of the summary table at the top. */
    void verdict(String measure, String ours, String baseline, String ratio, String target, String result) {
        summary.add("| " + String.join(" | ", measure, ours, baseline, ratio, target, result) + " |");
    }

    String summaryTable() {
        return "| measure | KeyCeremony | baseline | ratio | target | result |\n| --- | --- | --- | --- | --- | --- |\n"
                + String.join("\n", summary) + "\n";
    }

    String details() {
        return md.toString();
    }

    void ceremony(CeremonyBench.Figures f, String scriptNote) {
        md.append("\n### Ceremony ").append(f.name).append(" (").append(scriptNote).append(")\n\n")
                .append("| phase | median (min–max) |\n| --- | --- |\n")
                .append(row("whole ceremony (`ceremony rehearse --headless`)", f.total.seconds()))
                .append(row("1. launcher JVM start-up, script parsed", f.parentJvm.seconds()))
                .append(row("2. world creation: " + f.tokens + " tokens by softhsm2-util", f.world.seconds()))
                .append(row("3. from the world to the first event (a child JVM's start-up when one is needed)", f.childJvm.seconds()))
                .append(row("4. ceremony proper (first to last event in events.jsonl)", f.proper.seconds()))
                .append(row("5. after the last event (summary printed, JVMs exit)", f.exit.seconds()))
                .append(row("floor: pkcs11-tool, 1 key pair + 5 data objects + 1 signature", f.floor.seconds()));
        f.floorParts.forEach((k, v) -> md.append(row("&nbsp;&nbsp;floor part: " + k, v.seconds())));
        md.append(row("reference: one JVM start-up alone (`ceremony --help`)", f.jvmAlone.seconds()));
        md.append(row("reference: the same " + f.tokens + " tokens by softhsm2-util alone", f.worldFloor.seconds()));
        md.append("\nSlowest steps of the ceremony proper (step-begin to step-end):\n\n| step | median |\n| --- | --- |\n");
        f.steps.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, Stats> e) -> e.getValue().median()).reversed())
                .limit(5)
                .forEach(e -> md.append(row(e.getKey(), secs(e.getValue().median()))));
    }

    void verify(VerifyBench.Figures f) {
        md.append("\n### Transcript verification\n\nOne genuine EC P-384 transcript (")
                .append(f.transcriptBytes / 1024).append(" KiB), `ceremony verify --expect-fingerprint` against `pdfsig`; ")
                .append("the batch is ").append(VerifyBench.BATCH).append(" copies in one `ceremony verify` run against ")
                .append(VerifyBench.BATCH).append(" `pdfsig` runs.\n\n| run | ceremony verify | pdfsig | ratio |\n| --- | --- | --- | --- |\n")
                .append("| one transcript | ").append(f.one.seconds()).append(" | ").append(f.pdfsigOne.seconds())
                .append(" | ").append(ratio(f.one.median(), f.pdfsigOne.median())).append(" |\n")
                .append("| ").append(VerifyBench.BATCH).append(" transcripts | ").append(f.batch.seconds()).append(" | ")
                .append(f.pdfsigBatch.seconds()).append(" | ").append(ratio(f.batch.median(), f.pdfsigBatch.median()))
                .append(" |\n")
                .append("| per transcript in the batch | ").append(secs(f.batch.median() / VerifyBench.BATCH)).append(" | ")
                .append(secs(f.pdfsigBatch.median() / VerifyBench.BATCH)).append(" | |\n");
    }

    void gui(GuiBench.Figures f) {
        md.append("\n### GUI start (under xvfb-run)\n\n| window | launch to first painted frame | peak RSS 2 s later |\n")
                .append("| --- | --- | --- |\n")
                .append("| bare JavaFX window (bench/src/…/BareWindow.java) | ").append(f.bare.seconds()).append(" | ")
                .append(f.bareMib.count() == 0 ? "—" : mib(f.bareMib.median())).append(" |\n")
                .append("| `ceremony` home screen | ")
                .append(f.absent != null ? "not measured: " + f.absent : f.app.seconds()).append(" | ")
                .append(f.absent != null || f.appMib.count() == 0 ? "—" : mib(f.appMib.median())).append(" |\n");
    }

    void scaling(List<ScalingBench.Point> points) {
        md.append("\n### Transcript render + sign against the length of the event log\n\n")
                .append("`TranscriptWriter.writeFromLog` (log check, facts, render, sign with a software EC P-384 key, ")
                .append("self-verification, write) after a warm-up, medians; render and sign also timed apart.\n\n")
                .append("| events | PDF size | render + sign + self-check | per event | render | sign |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (ScalingBench.Point p : points) {
            md.append("| ").append(p.events()).append(" | ").append(String.format("%.0f KiB", p.bytes() / 1024.0))
                    .append(" | ").append(secs(p.total())).append(" | ")
                    .append(String.format("%.2f ms", p.total() * 1000 / p.events())).append(" | ")
                    .append(secs(p.render())).append(" | ").append(secs(p.sign())).append(" |\n");
        }
    }

    void memory(List<CeremonyBench.Figures> ceremonies, GuiBench.Figures gui) {
        md.append("\n### Peak resident set (RSS)\n\n| process | peak RSS |\n| --- | --- |\n");
        for (CeremonyBench.Figures f : ceremonies) {
            f.jvmPeaksMib.forEach((name, peak) -> md.append(row("headless " + f.name + ": " + name, mib(peak))));
            md.append(row("headless " + f.name + ": all its JVMs at once (largest sampled sum)", mib(f.sumMib)));
            md.append(row("headless " + f.name + ": /usr/bin/time \"Maximum resident set size\" (largest single process)",
                    mib(f.timeMaxMib)));
        }
        if (gui != null) {
            md.append(row("GUI home screen", gui.absent != null ? "not measured: " + gui.absent
                    : gui.appMib.count() == 0 ? "—" : mib(gui.appMib.median())));
            md.append(row("bare JavaFX window", gui.bareMib.count() == 0 ? "—" : mib(gui.bareMib.median())));
        }
    }

    void flags(Map<String, FlagsBench.Figures> figures) {
        md.append("\n### JVM flags\n\nThe launcher's flags against the JDK's defaults on this machine; each configuration ")
                .append("in turn, run by run (`KEYCEREMONY_JAVA_OPTS` overrides the launcher's flags and reaches the ")
                .append("rehearsal's child JVM too).\n\n| JVM flags | EC ceremony, end to end | its largest JVM's peak RSS ")
                .append("| verify 100 transcripts | its peak RSS |\n| --- | --- | --- | --- | --- |\n");
        figures.forEach((name, f) -> md.append("| ").append(name).append(" | ").append(f.ceremony.seconds()).append(" | ")
                .append(mib(f.ceremonyMib.median())).append(" | ").append(f.batch.seconds()).append(" | ")
                .append(mib(f.batchMib.median())).append(" |\n"));
    }

    private static String row(String a, String b) {
        return "| " + a + " | " + b + " |\n";
    }
}
