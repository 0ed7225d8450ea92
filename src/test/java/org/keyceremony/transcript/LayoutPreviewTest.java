package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutPreviewTest {
    @Test
    void rendersSampleContent() throws Exception {
        byte[] pdf = TranscriptRenderer.render(SampleContent.build("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "ab".repeat(32)),
                List.of(new Attachment(Attachment.EVENT_LOG, "application/jsonl", "Event log", Attachment.Relationship.SOURCE, "{}\n".getBytes())),
                Instant.now());
        Path out = Path.of("target/preview.pdf");
        Files.write(out, pdf);
        assertThat(pdf.length).isGreaterThan(1000);
    }
}
