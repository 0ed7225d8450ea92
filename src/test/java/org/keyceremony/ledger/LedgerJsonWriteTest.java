package org.keyceremony.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.Json;

/** The JSON report as a file (the GUI's "Save JSON"): new files only, read back, version 1. */
class LedgerJsonWriteTest {
    @TempDir
    Path dir;

    private static LedgerReport report() {
        Archive.Contents archive = LedgerTest.archive(LedgerTest.rootGeneration());
        Ledger.Result ledger = Ledger.of(archive);
        return new LedgerReport(List.of("/archive"), LedgerTest.T1, Policy.defaults(), false, Roster.none(), archive,
                ledger, Warnings.evaluate(archive, ledger, Policy.defaults(), Roster.none(), LedgerTest.T1));
    }

    @Test
    void writesTheCanonicalJsonAsANewFileAndReturnsItsSha256() throws Exception {
        Path out = dir.resolve("status.json");
        String sha = LedgerJson.write(report(), out);
        byte[] bytes = Files.readAllBytes(out);
        assertThat(sha).isEqualTo(Digests.sha256Hex(bytes));
        Map<String, Object> json = Json.parseObject(Files.readString(out).strip());
        assertThat(json).containsEntry("format", "keyceremony-ledger").containsEntry("version", 1L);
        assertThat(Files.readString(out)).isEqualTo(LedgerJson.of(report()) + "\n");
    }

    @Test
    void neverWritesOverAFileOrIntoAMissingFolder() throws Exception {
        Path out = Files.writeString(dir.resolve("exists.json"), "keep");
        assertThatThrownBy(() -> LedgerJson.write(report(), out)).isInstanceOf(InvalidInputException.class)
                .hasMessage(out + " already exists; a report is never written over a file. Name a new file.");
        assertThat(Files.readString(out)).isEqualTo("keep");
        Path nowhere = dir.resolve("missing").resolve("status.json");
        assertThatThrownBy(() -> LedgerJson.write(report(), nowhere)).isInstanceOf(InvalidInputException.class)
                .hasMessage(nowhere + ": its folder does not exist; create it or name another.");
    }
}
