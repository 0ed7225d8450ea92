package org.keyceremony.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated measurements of one quantity (seconds or bytes); the median is what we report. */
final class Stats {
    private final List<Double> values = new ArrayList<>();

    void add(double v) {
        values.add(v);
    }

    int count() {
        return values.size();
    }

    double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double last() {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** "1.23 s (1.10–1.40, n=5)". */
    String seconds() {
        return values.isEmpty() ? "—" : String.format("%s (%s–%s, n=%d)", Report.secs(median()), Report.secs(min()),
                Report.secs(max()), count());
    }
}
