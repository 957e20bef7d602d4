package dev.pulse.aggregation.rollup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Picks the configured numeric properties out of an event: the values the rollups sum. */
@Component
public class Measures {

    private final List<String> names;

    public Measures(RollupProperties properties) {
        this.names = List.copyOf(properties.measures());
    }

    /** The configured measures this event carries as finite numbers, in configuration order. */
    public List<Measure> of(Map<String, Object> properties) {
        if (properties == null || properties.isEmpty()) {
            return List.of();
        }
        List<Measure> found = new ArrayList<>(2);
        for (String name : names) {
            if (properties.get(name) instanceof Number number && Double.isFinite(number.doubleValue())) {
                found.add(new Measure(name, number.doubleValue()));
            }
        }
        return found;
    }

    /**
     * One numeric property of one event.
     *
     * @param name the property name
     * @param value its value
     */
    public record Measure(String name, double value) {
    }
}
