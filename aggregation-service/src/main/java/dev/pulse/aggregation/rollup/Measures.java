package dev.pulse.aggregation.rollup;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Picks the configured numeric properties out of an event: the values the rollups sum. Read per event on both
 * consumer groups, so by name and value rather than as a list of pairs made for each event.
 */
@Component
public class Measures {

    private final String[] names;

    public Measures(RollupProperties properties) {
        this.names = List.copyOf(properties.measures()).toArray(String[]::new);
    }

    /** How many measures are configured. */
    public int count() {
        return names.length;
    }

    /** The name of the configured measure at {@code index}, in configuration order. */
    public String name(int index) {
        return names[index];
    }

    /**
     * The value of the configured measure at {@code index} in an event's properties when it is there as a finite
     * number, else NaN.
     */
    public double value(int index, Map<String, Object> properties) {
        if (properties != null && properties.get(names[index]) instanceof Number number) {
            double value = number.doubleValue();
            return Double.isFinite(value) ? value : Double.NaN;
        }
        return Double.NaN;
    }
}
