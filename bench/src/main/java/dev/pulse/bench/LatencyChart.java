package dev.pulse.bench;

import java.util.List;
import java.util.Locale;

/**
 * Latency percentiles against throughput as an SVG line chart, latency on a logarithmic axis.
 * <p>
 * Written as SVG text rather than drawn with a charting library: Java's charting libraries render through AWT, which
 * needs system fonts on a headless machine (a fresh Debian has none), while an SVG is plain text any browser shows.
 */
final class LatencyChart {

    /** One line: a name, a colour and a latency in milliseconds per point. */
    record Series(String name, String colour, double[] millis) {
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 210;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private LatencyChart() {
    }

    /** The chart of {@code series} over the throughputs {@code eventsPerSecond} (one x value per point). */
    static String svg(String title, double[] eventsPerSecond, List<Series> series) {
        double maxX = 0;
        for (double x : eventsPerSecond) {
            maxX = Math.max(maxX, x);
        }
        maxX = niceCeiling(maxX);
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Series one : series) {
            for (double y : one.millis()) {
                if (y > 0) {
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int lowDecade = (int) Math.floor(Math.log10(minY == Double.MAX_VALUE ? 1 : minY));
        int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(Math.max(maxY, 1e-3))));
        StringBuilder svg = new StringBuilder();
        svg.append(format("""
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" \
                font-family="sans-serif" font-size="12">
                <rect width="100%%" height="100%%" fill="white"/>
                <text x="%d" y="22" font-size="15" font-weight="bold">%s</text>
                """, WIDTH, HEIGHT, WIDTH, HEIGHT, LEFT, escape(title)));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        for (int decade = lowDecade; decade <= highDecade; decade++) {
            double y = TOP + plotHeight - (decade - lowDecade) * (double) plotHeight / (highDecade - lowDecade);
            svg.append(format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y,
                    LEFT + plotWidth, y));
            svg.append(format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n", LEFT - 6, y + 4,
                    decadeLabel(decade)));
        }
        for (int tick = 0; tick <= 5; tick++) {
            double x = LEFT + tick * plotWidth / 5.0;
            svg.append(format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x,
                    TOP + plotHeight));
            svg.append(format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,.0f</text>%n", x,
                    TOP + plotHeight + 18, maxX * tick / 5));
        }
        svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">events/s acknowledged</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 15));
        int legend = TOP + 10;
        for (Series one : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < eventsPerSecond.length && i < one.millis().length; i++) {
                if (!(one.millis()[i] > 0)) { // also NaN: nothing measured
                    continue;
                }
                double x = LEFT + eventsPerSecond[i] / maxX * plotWidth;
                double y = TOP + plotHeight
                        - (Math.log10(one.millis()[i]) - lowDecade) / (highDecade - lowDecade) * plotHeight;
                points.append(format("%.1f,%.1f ", x, y));
                svg.append(format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, one.colour()));
            }
            svg.append(format("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().trim(), one.colour()));
            svg.append(format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    WIDTH - RIGHT + 15, legend, WIDTH - RIGHT + 35, legend, one.colour()));
            svg.append(format("<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 40, legend + 4,
                    escape(one.name())));
            legend += 20;
        }
        svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotWidth, plotHeight));
        return svg.append("</svg>\n").toString();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (value <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String decadeLabel(int decade) {
        return decade >= 0 ? format("%,.0f", Math.pow(10, decade)) : Double.toString(Math.pow(10, decade));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
