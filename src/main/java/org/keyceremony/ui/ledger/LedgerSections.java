package org.keyceremony.ui.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.keyceremony.ledger.Archive;
import org.keyceremony.ledger.Gap;
import org.keyceremony.ledger.KeyStatus;
import org.keyceremony.ledger.LedgerReport;
import org.keyceremony.ledger.Roster;
import org.keyceremony.ledger.Warning;
import org.keyceremony.ledger.Warnings;
import org.keyceremony.ui.common.Fingerprints;
import org.keyceremony.ui.common.Messages;

/**
 * The nodes of one {@link LedgerReport}: the warnings first (each with the ceremony that resolves it),
 * then each key (fingerprint, HSMs, live share set and its custodians, backups, certificates, CRLs,
 * history as a timeline), then what the archive held (failed transcripts, gaps). Every text wraps and
 * keeps its full height: nothing is cut to "…".
 */
final class LedgerSections {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private final LedgerReport report;
    private final Consumer<String> openScript;
    private final Consumer<String> said;

    /**
     * @param openScript opens a shipped script by name
     * @param said       shows a short status line (e.g. "copied")
     */
    LedgerSections(LedgerReport report, Consumer<String> openScript, Consumer<String> said) {
        this.report = report;
        this.openScript = openScript;
        this.said = said;
    }

    List<Node> build() {
        VBox all = new VBox(10);
        all.getChildren().add(text(Messages.get("ledger.summary", day(report.asOf()), report.archive().transcripts().size(),
                report.ledger().keys().size(), report.policy().cardProofMonths(), report.policy().backupProofMonths(),
                report.rosterGiven() ? Messages.get("ledger.summary.roster", report.roster().custodians().size())
                        : Messages.get("ledger.summary.noRoster")), "hint"));
        all.getChildren().add(warnings());
        for (int i = 0; i < report.ledger().keys().size(); i++) {
            all.getChildren().add(key(report.ledger().keys().get(i), i));
        }
        all.getChildren().add(archive());
        return List.copyOf(all.getChildren());
    }

    private Node warnings() {
        VBox box = new VBox(6);
        box.setId("warnings");
        box.getChildren().add(title(report.warnings().isEmpty() ? Messages.get("ledger.warnings.none", day(report.asOf()))
                : Messages.get("ledger.warnings", report.warnings().size(), day(report.asOf()))));
        int i = 0;
        for (Warning w : report.warnings()) {
            Label mark = new Label("\u26A0");
            mark.getStyleClass().add("mark-warning");
            List<String> scripts = w.resolvingScripts();
            Label code = text(scripts.isEmpty() ? w.code() : Messages.get("ledger.warning.resolvedBy", w.code(),
                    String.join(Messages.get("ledger.warning.or"), scripts)), "check-name");
            Label message = text(Fingerprints.inText(w.message()), "check-reason");
            VBox body = new VBox(2, code, message);
            HBox.setHgrow(body, Priority.ALWAYS);
            HBox row = new HBox(10, mark, body);
            row.setAlignment(Pos.CENTER_LEFT);
            if (scripts.isEmpty()) {
                body.getChildren().add(text(Messages.get("ledger.warning.noCeremony." + w.code()), "resolved-by"));
            }
            VBox buttons = new VBox(4);
            for (int j = 0; j < scripts.size(); j++) {
                String script = scripts.get(j);
                Button open = new Button(Messages.get("ledger.warning.open", script));
                open.setId("resolve-" + i + (j == 0 ? "" : "-" + j));
                open.getStyleClass().add("resolve");
                open.setMinWidth(Region.USE_PREF_SIZE);
                open.setMaxWidth(Double.MAX_VALUE);
                open.setOnAction(e -> openScript.accept(script));
                buttons.getChildren().add(open);
            }
            if (!scripts.isEmpty()) {
                row.getChildren().add(buttons);
            }
            row.setId("warning-" + i);
            row.getStyleClass().add("warning-row");
            row.setAccessibleText(w.code() + ": " + w.message());
            box.getChildren().add(row);
            i++;
        }
        return box;
    }

    private Node key(KeyStatus k, int index) {
        VBox box = new VBox(6);
        box.setId("key-" + index);
        box.getStyleClass().add("key-box");
        box.getChildren().add(title(Messages.get("ledger.key", k.label().isEmpty() ? Messages.get("ledger.key.noLabel")
                : k.label())));
        Label fingerprint = text(Fingerprints.grouped(k.rootFingerprint()), "mono", "fingerprint");
        fingerprint.setId("fingerprint-" + index);
        Button copy = org.keyceremony.ui.common.CopyButton.of(k.rootFingerprint(), "the root fingerprint", said);
        copy.setId("copyFingerprint-" + index);
        HBox fp = new HBox(12, fingerprint, copy);
        fp.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().addAll(text(Messages.get("ledger.fingerprint"), "fact-key"), fp,
                text(Messages.get("ledger.fingerprint.compare"), "hint"));
        k.spkiSha256().ifPresent(s -> box.getChildren().add(text(Messages.get("ledger.spki", Fingerprints.inText(s)),
                "fact-value")));

        box.getChildren().add(subtitle(Messages.get("ledger.hsms")));
        if (k.hsms().isEmpty()) {
            box.getChildren().add(text(Messages.get("ledger.hsms.none")));
        }
        for (KeyStatus.HsmHolding h : k.hsms()) {
            box.getChildren().add(text(Messages.get("ledger.hsm", h.serial(), h.tokenLabel(), h.how(), h.sinceCeremony(),
                    h.lastCeremony())));
        }

        box.getChildren().add(subtitle(Messages.get("ledger.shareSets")));
        Optional<KeyStatus.ShareSet> live = k.liveSet();
        if (live.isEmpty()) {
            box.getChildren().add(text(Messages.get("ledger.shareSets.none")));
        }
        for (KeyStatus.ShareSet s : k.shareSets()) {
            box.getChildren().add(text(Messages.get(s.live() ? "ledger.set.live" : "ledger.set.old", s.setId(),
                    s.threshold(), s.shares(), s.madeBy().orElse(Messages.get("ledger.unknown")))
                    + (s.live() ? "" : " " + s.erasure().map(e -> Messages.get("ledger.set.erased", e.ceremony(),
                    e.cardsErased())).orElse(Messages.get("ledger.set.notErased"))), s.live() ? "live-set" : "old-set"));
        }
        live.ifPresent(s -> box.getChildren().add(custodians(s, index)));

        box.getChildren().add(subtitle(Messages.get("ledger.backups")));
        if (k.backups().isEmpty()) {
            box.getChildren().add(text(Messages.get("ledger.backups.none")));
        }
        for (KeyStatus.Backup b : k.backups()) {
            boolean proven = Warnings.backupProven(b, report.policy(), report.asOf());
            Label l = text(Messages.get("ledger.backup", Fingerprints.inText(b.sha256()), b.setId(),
                    b.madeBy().orElse(Messages.get("ledger.unknown")), b.inArchive().size())
                    + "\n" + b.lastProof().map(p -> Messages.get("ledger.backup.proven", day(p.time()), p.ceremony(),
                    p.how())).orElse(Messages.get("ledger.backup.never"))
                    + b.supersededBy().map(x -> "\n" + Messages.get("ledger.backup.superseded", x)).orElse("")
                    + (b.supersededBy().isEmpty() && !proven ? "\n" + Messages.get("ledger.backup.stale",
                    report.policy().backupProofMonths()) : ""));
            if (b.supersededBy().isEmpty() && !proven) {
                l.getStyleClass().add("stale");
            }
            box.getChildren().add(l);
        }

        box.getChildren().add(subtitle(Messages.get("ledger.certificates")));
        for (KeyStatus.Certificate c : k.certificates()) {
            box.getChildren().add(text(Messages.get("ledger.certificate", c.what(), c.subject(), c.serial(),
                    c.notAfter())));
        }
        box.getChildren().add(subtitle(Messages.get("ledger.crls")));
        if (k.crls().isEmpty()) {
            box.getChildren().add(text(Messages.get("ledger.crls.none")));
        }
        for (KeyStatus.Crl c : k.crls()) {
            box.getChildren().add(text(Messages.get("ledger.crl", c.crlNumber(), c.thisUpdate(), c.nextUpdate())));
        }
        box.getChildren().add(subtitle(Messages.get("ledger.history")));
        box.getChildren().add(timeline(k, index));
        return box;
    }

    /** The live set's custodians: whose card, when last proven and by what, and whether that is fresh. */
    private Node custodians(KeyStatus.ShareSet set, int index) {
        GridPane g = new GridPane();
        g.setId("custodians-" + index);
        g.getStyleClass().addAll("facts", "custodians");
        for (double pct : new double[] {8, 20, 18, 32, 22}) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(pct);
            g.getColumnConstraints().add(c);
        }
        g.addRow(0, head("ledger.col.share"), head("ledger.col.custodian"), head("ledger.col.card"),
                head("ledger.col.lastProven"), head("ledger.col.status"));
        int row = 1;
        for (KeyStatus.Share s : set.holders()) {
            boolean fresh = Warnings.cardProven(s, report.policy(), report.asOf());
            Optional<Roster.Entry> left = report.roster().leftBy(s.custodian(), report.asOf());
            String status = (fresh ? Messages.get("ledger.status.fresh")
                    : s.lastProof().isPresent() ? Messages.get("ledger.status.stale", report.policy().cardProofMonths())
                    : Messages.get("ledger.status.never"))
                    + left.map(e -> "\n" + Messages.get("ledger.status.left", e.status().word(), e.since())).orElse("");
            Label st = text(status, fresh && left.isEmpty() ? "fresh" : "stale");
            st.setId("status-" + index + "-" + s.shareNumber());
            g.addRow(row++, text("#" + s.shareNumber()), text(s.custodian()),
                    text(s.cardLabel().isEmpty() ? s.cardSerial() : s.cardLabel() + "\n" + s.cardSerial()),
                    text(s.lastProof().map(p -> Messages.get("ledger.proof", day(p.time()), p.ceremony(), p.how()))
                            .orElse(Messages.get("ledger.never"))), st);
        }
        return g;
    }

    /** The key's ceremonies by date: kind, id, verdict, and how each is tied to what it builds on. */
    private Node timeline(KeyStatus k, int index) {
        VBox box = new VBox(4);
        box.setId("history-" + index);
        for (KeyStatus.HistoryEntry h : k.history()) {
            Label date = text(day(h.time()), "timeline-date");
            date.setMinWidth(Region.USE_PREF_SIZE);
            Label verdict = new Label(h.signed() ? "VERIFIED" : "UNSIGNED");
            verdict.getStyleClass().addAll("badge", h.signed() ? "badge-verified" : "badge-unsigned");
            verdict.setMinWidth(Region.USE_PREF_SIZE);
            Label kind = text(h.kind() + "  " + h.ceremonyId(), "timeline-kind");
            HBox head = new HBox(10, date, verdict, kind);
            head.setAlignment(Pos.CENTER_LEFT);
            boolean evidence = h.linkedBy().equals("transcript SHA-256");
            VBox entry = new VBox(2, head, text(Messages.get(evidence ? "ledger.linked.evidence"
                    : h.buildsOn().isEmpty() ? "ledger.linked.first" : "ledger.linked.inferred", h.linkedBy()),
                    evidence ? "linked-evidence" : "linked-inferred"));
            for (String b : h.buildsOn()) {
                entry.getChildren().add(text(Messages.get("ledger.buildsOn", Fingerprints.inText(b)), "hint"));
            }
            entry.getChildren().add(text(shorten(h.file()), "hint"));
            entry.getStyleClass().add("timeline-entry");
            entry.setAccessibleText(day(h.time()) + " " + h.kind() + " " + h.ceremonyId() + (h.signed() ? " verified"
                    : " unsigned") + ", linked by " + h.linkedBy());
            box.getChildren().add(entry);
        }
        return box;
    }

    private Node archive() {
        VBox box = new VBox(4);
        box.setId("archive");
        box.getChildren().add(title(Messages.get("ledger.archive")));
        for (Archive.TranscriptFile t : report.archive().transcripts()) {
            Label l = text(t.verdict().name() + "  " + shorten(t.file()) + "\n" + t.reason(),
                    t.verdict() == Archive.Verdict.FAILED ? "stale" : "archive-file");
            l.getStyleClass().add("transcript-" + t.verdict().name().toLowerCase(java.util.Locale.ROOT));
            box.getChildren().add(l);
        }
        if (report.archive().transcripts().isEmpty()) {
            box.getChildren().add(text(Messages.get("ledger.archive.noTranscript")));
        }
        for (Archive.PackageFile p : report.archive().packages()) {
            box.getChildren().add(text(Messages.get("ledger.archive.package", shorten(p.file()),
                    Fingerprints.inText(p.sha256()))));
        }
        for (String o : report.archive().otherPdfs()) {
            box.getChildren().add(text(Messages.get("ledger.archive.other", shorten(o)), "hint"));
        }
        box.getChildren().add(subtitle(Messages.get("ledger.gaps")));
        VBox gaps = new VBox(4);
        gaps.setId("gaps");
        for (Gap g : report.ledger().gaps()) {
            gaps.getChildren().add(text(Messages.get("ledger.gap", g.ceremony(), Fingerprints.inText(g.description()),
                    g.referencedBy().isEmpty() ? "" : Messages.get("ledger.gap.by", g.referencedBy())), "stale"));
        }
        if (report.ledger().gaps().isEmpty()) {
            gaps.getChildren().add(text(Messages.get("ledger.gaps.none")));
        }
        box.getChildren().add(gaps);
        return box;
    }

    /** A path inside the archive folder read, relative to it (the folder is shown above). */
    private String shorten(String file) {
        for (String folder : report.folders()) {
            try {
                Path f = Path.of(file);
                Path base = Path.of(folder);
                if (f.startsWith(base) && !f.equals(base)) {
                    return base.relativize(f).toString();
                }
            } catch (RuntimeException e) {
                return file;
            }
        }
        return file;
    }

    private static String day(Instant t) {
        return DAY.format(t);
    }

    static Label text(String s, String... styles) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().addAll(styles);
        return l;
    }

    private static Label title(String s) {
        return text(s, "section-title");
    }

    private static Label subtitle(String s) {
        return text(s, "subsection-title");
    }

    private static Label head(String key) {
        return text(Messages.get(key), "column-header");
    }
}
