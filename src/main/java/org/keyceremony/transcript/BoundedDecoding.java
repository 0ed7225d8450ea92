package org.keyceremony.transcript;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.Map;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.DecodeOptions;
import org.apache.pdfbox.filter.DecodeResult;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/**
 * Every stream PDFBox decodes for the verifier is decoded through a limit: at most
 * {@link ReadingBudget#MAX_STREAM_BYTES}, at most {@link ReadingBudget#MAX_RATIO} times its
 * encoded size (past {@link ReadingBudget#RATIO_FREE_BYTES}), charged to the file's budget.
 *
 * <p>Why here, and why this way: PDFBox 3.0.8 decodes a stream whole into memory before anyone
 * reads it ({@code Filter.decode} into a growing buffer, from {@code COSStream.createInputStream}
 * and {@code createView}), and it does so itself for cross-reference and object streams while it
 * loads the file, for page contents and forms while it extracts text. A limit on what the
 * verifier reads from the decoded stream comes after the damage: a 4 MB stream of Deflate
 * inflates to 4 GiB first. The one place every one of those decodes passes through is the
 * filter table of {@link FilterFactory}, which has no public way to add to it; its filters are
 * therefore wrapped in place, once. A wrapped filter is a plain pass-through on a thread that
 * verifies nothing ({@link ReadingBudget#current()} is null), so rendering and signing are
 * unchanged. If a later PDFBox moves the table, {@link #install()} fails and so does every
 * verification, saying so; {@code HostileTranscriptTest} fails first.
 */
final class BoundedDecoding {
    private static final String INSTALLED;

    static {
        String problem = null;
        try {
            wrapFilters();
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "this build cannot bound PDF decoding (" + e.getClass().getSimpleName() + "); refusing to "
                    + "read any file rather than read one without bounds";
        }
        INSTALLED = problem;
    }

    private BoundedDecoding() {
    }

    /** Null once every filter is bounded; otherwise why it could not be done. */
    static String install() {
        return INSTALLED;
    }

    private static void wrapFilters() throws ReflectiveOperationException {
        Field table = FilterFactory.class.getDeclaredField("filters");
        table.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<COSName, Filter> filters = (Map<COSName, Filter>) table.get(FilterFactory.INSTANCE);
        if (filters.isEmpty() || filters.get(COSName.FLATE_DECODE) == null) {
            throw new IllegalStateException("PDFBox's filter table is not where it was");
        }
        // replaceAll keeps the table's structure: a reader on another thread sees the old or the new filter
        filters.replaceAll((name, filter) -> filter instanceof Bounded ? filter : new Bounded(filter));
    }

    /** A filter whose output is counted and stopped at the bounds of the thread's budget. */
    private static final class Bounded extends Filter {
        private final Filter inner;

        Bounded(Filter inner) {
            this.inner = inner;
        }

        @Override
        public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index)
                throws IOException {
            return decode(encoded, decoded, parameters, index, DecodeOptions.DEFAULT);
        }

        @Override
        public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index,
                                   DecodeOptions options) throws IOException {
            ReadingBudget budget = ReadingBudget.current();
            if (budget == null) {
                return inner.decode(encoded, decoded, parameters, index, options);
            }
            budget.check();
            CountingInput in = new CountingInput(encoded);
            return inner.decode(in, new LimitedOutput(decoded, in, budget), parameters, index, options);
        }

        @Override
        protected void encode(InputStream input, OutputStream encoded, COSDictionary parameters) throws IOException {
            inner.encode(input, encoded, parameters, 0);
        }
    }

    /** Counts the encoded bytes a filter has taken, for the ratio. */
    private static final class CountingInput extends FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += Math.max(0, skipped);
            return skipped;
        }
    }

    /**
     * The limiting stream: a write that would take the stream past its bounds throws before it
     * reaches PDFBox's buffer, so no more than the bound is ever held or decoded.
     */
    static final class LimitedOutput extends FilterOutputStream {
        private final CountingInput source;
        private final ReadingBudget budget;
        private long written;

        private LimitedOutput(OutputStream out, CountingInput source, ReadingBudget budget) {
            super(out);
            this.source = source;
            this.budget = budget;
        }

        @Override
        public void write(int b) throws IOException {
            admit(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            admit(len);
            out.write(b, off, len);
        }

        private void admit(int len) {
            long after = written + len;
            if (after > ReadingBudget.MAX_STREAM_BYTES) {
                budget.refuse("a stream decodes to more than " + ReadingBudget.mib(ReadingBudget.MAX_STREAM_BYTES)
                        + " (decoding stopped there); a transcript's largest stream, its event log, is a few "
                        + "megabytes");
            }
            if (after > ReadingBudget.RATIO_FREE_BYTES && after > ReadingBudget.MAX_RATIO * source.count) {
                budget.refuse("a stream of " + source.count + " encoded bytes decodes to more than " + after
                        + " bytes (decoding stopped there), more than " + ReadingBudget.MAX_RATIO
                        + " times its size: a compression bomb");
            }
            budget.decoded(len);
            written = after;
        }
    }
}
