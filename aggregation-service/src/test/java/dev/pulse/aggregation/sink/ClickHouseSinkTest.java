package dev.pulse.aggregation.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.clickhouse.ClickHouseConfiguration;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.aggregation.clickhouse.SchemaMigrations;
import dev.pulse.model.DeadLetter;
import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sinks against a real ClickHouse: a batch delivered again adds no row twice. */
class ClickHouseSinkTest {

    private final EventCodec codec = new EventCodec();
    private final ClickHouseProperties properties = new ClickHouseProperties(TestEngines.get().clickHouseUrl(),
            "sink_" + UUID.randomUUID().toString().replace("-", ""), "default", "", Duration.ofSeconds(30));
    private final Client client = new ClickHouseConfiguration().clickHouseClient(properties);
    private final JsonEachRowInserter inserter = new JsonEachRowInserter(client, properties, codec);

    @BeforeEach
    void migrate() throws Exception {
        new SchemaMigrations(client, properties).afterPropertiesSet();
    }

    @AfterEach
    void drop() throws Exception {
        client.execute("DROP DATABASE IF EXISTS " + properties.database()).get().close();
        client.close();
    }

    @Test
    void aBatchDeliveredAgainAfterACrashBeforeTheCommitAddsNothing() throws Exception {
        // events over three days, so each insert writes three table partitions
        List<ConsumerRecord<String, byte[]>> batch = IntStream.range(0, 300).mapToObj(this::enriched).toList();
        ClickHouseSink sink = new ClickHouseSink(inserter, codec);

        sink.onBatch(batch);
        sink.onBatch(batch);
        // redelivered from an earlier committed offset: half old, half new
        List<ConsumerRecord<String, byte[]>> overlapping = new ArrayList<>(batch.subList(150, 300));
        IntStream.range(300, 450).mapToObj(this::enriched).forEach(overlapping::add);
        sink.onBatch(overlapping);

        assertThat(query("SELECT count(), uniqExact(message_id) FROM " + properties.table("events"))).isEqualTo("450\t450");
    }

    @Test
    void deadLettersAndUnreadableRecordsAreStoredOnceEach() throws Exception {
        DeadLetter deadLetter = new DeadLetter(DeadLetterReason.SCHEMA_VIOLATION, "revenue < 0", "acme", "m-1",
                Topics.RAW, 2, 7, "{\"type\":\"track\"}", Instant.parse("2026-11-21T10:00:00Z"));
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                new ConsumerRecord<>(Topics.DEAD_LETTER, 0, 5L, "acme:u", codec.encode(deadLetter)),
                new ConsumerRecord<>(Topics.DEAD_LETTER, 0, 6L, "x", "not json".getBytes(StandardCharsets.UTF_8)));
        DeadLetterSink sink = new DeadLetterSink(inserter, codec);

        sink.onBatch(batch);
        sink.onBatch(batch);

        assertThat(query("SELECT reason, tenant, source_offset, payload FROM " + properties.table("dead_letter")
                + " ORDER BY kafka_offset"))
                .isEqualTo("schema_violation\tacme\t7\t{\"type\":\"track\"}\nunreadable\t\t0\tnot json");
    }

    /** The i-th record: Kafka partition i % 3, offset 1000 + i, on one of three days. */
    private ConsumerRecord<String, byte[]> enriched(int i) {
        Instant at = Instant.parse("2026-11-19T10:00:00Z").plus(Duration.ofDays(i % 3));
        long offset = 1_000 + i;
        RawEvent event = new RawEvent("acme", EventType.TRACK, "Played", null, "u-" + offset, null, "m-" + offset, at, at,
                at, null, null, null, null, null);
        return new ConsumerRecord<>(Topics.ENRICHED, i % 3, offset, "acme:u", codec.encode(EnrichedEvent.of(event, at)));
    }

    private String query(String sql) throws Exception {
        try (var response = client.query(sql + " FORMAT TabSeparated",
                new QuerySettings().setFormat(ClickHouseFormat.TabSeparated)).get()) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
