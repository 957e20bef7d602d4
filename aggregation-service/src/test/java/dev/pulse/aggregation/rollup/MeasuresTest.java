package dev.pulse.aggregation.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasuresTest {

    private final Measures measures = new Measures(new RollupProperties(List.of("revenue", "value", "points", "items"),
            Duration.ofMinutes(2), Duration.ofHours(1)));

    @Test
    void onlyConfiguredPropertiesThatAreFiniteNumbersAreMeasured() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("revenue", "19.5");
        properties.put("value", new BigDecimal("1e400"));
        properties.put("points", 3);
        properties.put("items", null);
        properties.put("other", 7);

        assertThat(measures.count()).isEqualTo(4);
        assertThat(measures.name(2)).isEqualTo("points");
        assertThat(measures.value(0, properties)).isNaN();
        assertThat(measures.value(1, properties)).isNaN();
        assertThat(measures.value(2, properties)).isEqualTo(3.0);
        assertThat(measures.value(3, properties)).isNaN();
        assertThat(measures.value(2, null)).isNaN();
    }
}
