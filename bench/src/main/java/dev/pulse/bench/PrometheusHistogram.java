package dev.pulse.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cumulative buckets of one histogram on a service's Prometheus page ({@code <name>_bucket{…,le="…"}}), summed
 * over the series whose labels contain a given text. Two scrapes give the distribution of what happened in between.
 */
record PrometheusHistogram(Map<Double, Long> buckets) {

    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    static PrometheusHistogram of(String page, String name, String labelsContaining) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "_bucket\\{([^}]*)\\} (\\S+)$").matcher(page);
        Map<Double, Long> buckets = new TreeMap<>();
        while (matcher.find()) {
            Matcher le = LE.matcher(matcher.group(1));
            if (matcher.group(1).contains(labelsContaining) && le.find() && !le.group(1).equals("+Inf")) {
                buckets.merge(Double.parseDouble(le.group(1)), (long) Double.parseDouble(matcher.group(2)), Long::sum);
            }
        }
        return new PrometheusHistogram(buckets);
    }

    /** How many observations fell between {@code earlier} and this scrape (up to the largest finite bucket). */
    long countSince(PrometheusHistogram earlier) {
        long total = 0;
        for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
            total = Math.max(total, bucket.getValue() - earlier.buckets().getOrDefault(bucket.getKey(), 0L));
        }
        return total;
    }

    /**
     * The upper bound, in milliseconds, of the bucket holding quantile {@code q} of the observations since
     * {@code earlier}; NaN when there were none.
     */
    double upperBoundMillisSince(PrometheusHistogram earlier, double q) {
        long total = countSince(earlier);
        if (total == 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
            if (bucket.getValue() - earlier.buckets().getOrDefault(bucket.getKey(), 0L) >= Math.ceil(total * q)) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
