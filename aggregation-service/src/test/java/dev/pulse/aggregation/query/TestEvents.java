package dev.pulse.aggregation.query;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventContext;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.TestEngines;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Known enriched events onto {@code events.enriched}, as enrichment would write them. Event i of a call: at
 * {@code start + i × every}; named {@code name}, or "View" for even i and "Buy" for odd i; user {@code (i / 2) % 10};
 * property plan=pro on even i, revenue i on odd i; country DE when i % 3 == 0, else FR; OS Linux for i < 60, else
 * iOS; campaign "winter" when i % 4 == 0.
 */
final class TestEvents {

    private TestEvents() {
    }

    static void send(String tenant, int count, String name, Instant start, Duration every) {
        send(TestEngines.get().kafkaBootstrapServers(), tenant, count, name, start, every);
    }

    static void send(String kafka, String tenant, int count, String name, Instant start, Duration every) {
        EventCodec codec = new EventCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                Instant at = start.plus(every.multipliedBy(i));
                String user = "u" + (i / 2) % 10;
                String event = name != null ? name : i % 2 == 0 ? "View" : "Buy";
                RawEvent raw = new RawEvent(tenant, EventType.TRACK, event, null, user, null, "m-" + start + "-" + i,
                        at, at, at, i % 2 == 0 ? Map.of("plan", "pro") : Map.of("revenue", i), null, null, null, null);
                Enrichments enrichments = new Enrichments(at, false, false,
                        new Enrichments.Geo(i % 3 == 0 ? "DE" : "FR", null, null, null, null),
                        new Enrichments.Device("Firefox", "133", i < 60 ? "Linux" : "iOS", "1", "Desktop", false),
                        null, i % 4 == 0 ? new EventContext.Campaign("winter", null, null, null, null) : null, "direct",
                        null, false);
                producer.send(new ProducerRecord<>(Topics.ENRICHED, tenant + ":" + user,
                        codec.encode(EnrichedEvent.of(raw, at, enrichments))));
            }
        }
    }
}
