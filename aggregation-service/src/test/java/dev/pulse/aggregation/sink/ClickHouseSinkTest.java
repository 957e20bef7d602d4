package dev.pulse.aggregation.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.clickhouse.ClickHouseConfiguration;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.aggregation.clickhouse.ClickHouseSql;
import dev.pulse.aggregation.clickhouse.SchemaMigrations;
import dev.pulse.aggregation.reconcile.ReconciliationProperties;
import dev.pulse.aggregation.rollup.Measures;
import dev.pulse.aggregation.rollup.RollupProperties;
import dev.pulse.model.DeadLetter;
import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventContext;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.TestEngines;
import dev.pulse.support.tracing.KafkaTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sinks against a real ClickHouse (and the real Kafka their offsets are committed to): a batch delivered again
 * adds no row twice, to the table or its rollups; an insert gathers polls and commits only once stored.
 */
class ClickHouseSinkTest {

    private final EventCodec codec = new EventCodec();
    private final ClickHouseProperties properties = new ClickHouseProperties(TestEngines.get().clickHouseUrl(),
            "sink_" + UUID.randomUUID().toString().replace("-", ""), "default", "", Duration.ofSeconds(30));
    private final Client client = new ClickHouseConfiguration().clickHouseClient(properties);
    private final RowInserter inserter = new RowInserter(client, properties, codec);
    private final RollupProperties rollupProperties = new RollupProperties(List.of("revenue"), Duration.ofMinutes(2),
            Duration.ofHours(1));
    private final Measures measures = new Measures(rollupProperties);
    /** Where the sink commits, as a listener container's consumer of the sink's group would. */
    private final KafkaConsumer<String, ByteBuffer> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "sink-test-" + UUID.randomUUID()), new StringDeserializer(),
            new ByteBufferDeserializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void migrate() throws Exception {
        new SchemaMigrations(client, properties).afterPropertiesSet();
    }

    @AfterEach
    void drop() throws Exception {
        client.execute("DROP DATABASE IF EXISTS " + properties.database()).get().close();
        client.close();
        consumer.close();
    }

    @Test
    void aBatchDeliveredAgainAfterACrashBeforeTheCommitAddsNothing() throws Exception {
        // events over three days, so each insert writes three table partitions
        List<ConsumerRecord<String, ByteBuffer>> batch = IntStream.range(0, 300).mapToObj(this::enriched).toList();

        store(batch);
        store(batch);
        // redelivered from an earlier committed offset: half old, half new
        List<ConsumerRecord<String, ByteBuffer>> overlapping = new ArrayList<>(batch.subList(150, 300));
        IntStream.range(300, 450).mapToObj(this::enriched).forEach(overlapping::add);
        store(overlapping);

        assertThat(query("SELECT count(), uniqExact(message_id) FROM " + properties.table("events"))).isEqualTo("450\t450");
        assertRollupsAgreeWithTheRawRows();
    }

    @Test
    void aBatchDeliveredAgainRebuildsTheRollupsItsStoredRowsFallIn() throws Exception {
        List<ConsumerRecord<String, ByteBuffer>> batch = IntStream.range(0, 300).mapToObj(this::enriched).toList();
        store(batch.subList(0, 200));
        store(batch.subList(200, 300));
        // the crash came between the second batch's rows and their rollup rows: the views' share of partition 1
        // (day 2026-11-20, minutes 10:03 and 10:04, in hour 10:00) is lost, and the batch is delivered again
        String lost = " DELETE WHERE kafka_partition = 1 AND minute >= '2026-11-20 10:03:00'";
        execute("ALTER TABLE " + properties.table("events_minute") + lost);
        execute("ALTER TABLE " + properties.table("events_minute_measures") + lost);
        execute("ALTER TABLE " + properties.table("events_hour") + " DELETE WHERE kafka_partition = 1");
        execute("ALTER TABLE " + properties.table("events_hour_measures") + " DELETE WHERE kafka_partition = 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> query("SELECT count() FROM system.mutations WHERE database = '"
                + properties.database() + "' AND is_done = 0").equals("0"));
        assertThat(query("SELECT countMerge(events) FROM " + properties.table("events_minute"))).isEqualTo("260");

        List<ConsumerRecord<String, ByteBuffer>> overlapping = new ArrayList<>(batch.subList(200, 300));
        IntStream.range(300, 330).mapToObj(this::enriched).forEach(overlapping::add);
        store(overlapping);

        assertRollupsAgreeWithTheRawRows();
        assertThat(query("SELECT countMerge(events) FROM " + properties.table("events_minute"))).isEqualTo("330");
        assertThat(query("SELECT countMerge(events) FROM " + properties.table("events_hour"))).isEqualTo("330");
    }

    @Test
    void anUnreadableRecordIsKeptAsADeadLetterAndTheRestOfTheBatchIsStored() throws Exception {
        List<ConsumerRecord<String, ByteBuffer>> batch = new ArrayList<>(IntStream.range(0, 10).mapToObj(this::enriched).toList());
        batch.add(new ConsumerRecord<>(Topics.ENRICHED, 0, 5_000L, "acme:u", ByteBuffer.wrap("{not json".getBytes(StandardCharsets.UTF_8))));

        store(batch);
        store(batch);

        assertThat(query("SELECT count() FROM " + properties.table("events"))).isEqualTo("10");
        assertThat(query("SELECT reason, source_topic, source_partition, source_offset, payload FROM "
                + properties.table("dead_letter"))).isEqualTo("unreadable\tevents.enriched\t0\t5000\t{not json");
    }

    @Test
    void anEventWithoutAnyTimeOfItsOwnIsStoredAtWhenEnrichmentProcessedIt() throws Exception {
        Instant processed = Instant.parse("2026-11-21T08:30:15Z");
        RawEvent written = new RawEvent("acme", EventType.TRACK, "Played", null, "u", null, "m-x", null, null, null, null,
                null, null, null, null);
        store(List.of(new ConsumerRecord<>(Topics.ENRICHED, 0, 1L, "acme:u",
                ByteBuffer.wrap(codec.encode(EnrichedEvent.of(written, processed))))));

        assertThat(query("SELECT timestamp, derived_timestamp FROM " + properties.table("events")))
                .isEqualTo("2026-11-21 08:30:15\t2026-11-21 08:30:15");
        assertThat(query("SELECT minute, countMerge(events) FROM " + properties.table("events_minute") + " GROUP BY minute"))
                .isEqualTo("2026-11-21 08:30:00\t1");
    }

    @Test
    void theAuditRebuildsRollupsThatLostRowsNoRedeliveryPointsAt() throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        List<ConsumerRecord<String, ByteBuffer>> batch = IntStream.range(0, 90).mapToObj(i -> {
            Instant at = start.plusSeconds(10L * i);
            RawEvent event = new RawEvent("acme", EventType.TRACK, "Played", null, "u-" + i % 7, null, "a-" + i, at, at, at,
                    Map.of("revenue", i), null, null, null, null);
            return new ConsumerRecord<>(Topics.ENRICHED, i % 3, 5_000L + i, "acme:u", ByteBuffer.wrap(codec.encode(EnrichedEvent.of(event, at))));
        }).toList();
        store(batch);
        // rollup parts lost while their rows were stored, and the batch committed: no redelivery will point at them
        execute("ALTER TABLE " + properties.table("events_minute") + " DELETE WHERE kafka_partition = 2");
        execute("ALTER TABLE " + properties.table("events_minute_measures") + " DELETE WHERE kafka_partition = 2");
        execute("ALTER TABLE " + properties.table("events_hour") + " DELETE WHERE kafka_partition = 0");
        execute("ALTER TABLE " + properties.table("events_hour_measures") + " DELETE WHERE kafka_partition = 0");
        await().atMost(Duration.ofSeconds(30)).until(() -> query("SELECT count() FROM system.mutations WHERE database = '"
                + properties.database() + "' AND is_done = 0").equals("0"));
        // audited two hours later, when every minute and hour of the batch has closed
        java.time.Clock later = java.time.Clock.fixed(start.plus(Duration.ofHours(2)), java.time.ZoneOffset.UTC);
        RollupAudit audit = new RollupAudit(new ClickHouseSql(client, properties),
                new Rollups(new ClickHouseSql(client, properties), properties), rollupProperties,
                new ReconciliationProperties(Duration.ofMinutes(1), Duration.ofHours(3), 0.05), later,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

        // 90 events over 15 minutes, partition 2 in each of them; partition 0 in the one or two hours they span
        int hours = start.truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                .equals(start.plusSeconds(890).truncatedTo(java.time.temporal.ChronoUnit.HOURS)) ? 1 : 2;
        assertThat(audit.audit()).isEqualTo(15 + hours);
        assertRollupsAgreeWithTheRawRows();
        assertThat(audit.audit()).isZero();
    }

    @Test
    void thePollsOfOneInsertAreStoredTogetherAndCommittedOnlyOnceStored() throws Exception {
        List<ConsumerRecord<String, ByteBuffer>> records = IntStream.range(0, 300).mapToObj(this::enriched).toList();
        ClickHouseSink sink = sink(250);

        sink.onBatch(records.subList(0, 100), consumer);
        sink.onBatch(records.subList(100, 200), consumer);

        assertThat(eventCount()).isEqualTo("0");
        assertThat(committed()).containsExactly(-1L, -1L, -1L);

        sink.onBatch(records.subList(200, 300), consumer);

        assertThat(eventCount()).isEqualTo("300");
        assertThat(meters.get("pulse.sink.batch.rows").summary().count()).isEqualTo(1);
        // record i is at offset 1000 + i of partition i % 3; the last ones are 297, 298 and 299
        assertThat(committed()).containsExactly(1_298L, 1_299L, 1_300L);
        assertRollupsAgreeWithTheRawRows();
    }

    @Test
    void aPollHandedOverAgainAfterAFailedInsertIsStoredOnceWithTheRowsPendingBeforeIt() throws Exception {
        List<ConsumerRecord<String, ByteBuffer>> records = IntStream.range(0, 200).mapToObj(this::enriched).toList();
        ClickHouseSink sink = sink(150);
        sink.onBatch(records.subList(0, 100), consumer);
        execute("DETACH TABLE " + properties.table("events"));

        assertThatThrownBy(() -> sink.onBatch(records.subList(100, 200), consumer)).isInstanceOf(Exception.class);
        assertThat(committed()).containsExactly(-1L, -1L, -1L);

        // the container's error handler hands the same poll over again, with ClickHouse back
        execute("ATTACH TABLE " + properties.table("events"));
        sink.onBatch(records.subList(100, 200), consumer);

        assertThat(query("SELECT count(), uniqExact(message_id) FROM " + properties.table("events"))).isEqualTo("200\t200");
        assertThat(committed()).containsExactly(1_199L, 1_200L, 1_198L);
        assertRollupsAgreeWithTheRawRows();
    }

    @Test
    void pendingRowsAreStoredAndCommittedBeforeTheirPartitionsLeave() throws Exception {
        PendingInserts inserts = inserts(10_000, 60_000);
        inserts.take(IntStream.range(0, 90).mapToObj(this::enriched).toList(), consumer);
        assertThat(eventCount()).isEqualTo("0");

        inserts.rebalanceListener().onPartitionsRevokedBeforeCommit(consumer, List.of(new TopicPartition(Topics.ENRICHED, 1)));

        assertThat(eventCount()).isEqualTo("90");
        assertThat(committed()).containsExactly(1_088L, 1_089L, 1_090L);
    }

    @Test
    void aQuietConsumersLastRowsAreStoredOnceTheyHaveWaitedTheirInterval() throws Exception {
        PendingInserts inserts = inserts(10_000, 200);
        inserts.take(IntStream.range(0, 30).mapToObj(this::enriched).toList(), consumer);
        inserts.idle(consumer);
        assertThat(eventCount()).isEqualTo("0");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            inserts.idle(consumer);
            assertThat(eventCount()).isEqualTo("30");
        });
        assertThat(committed()).containsExactly(1_028L, 1_029L, 1_030L);
    }

    /** Per tenant, event and minute, and per hour, the rollups hold exactly what the raw rows add up to. */
    private void assertRollupsAgreeWithTheRawRows() throws Exception {
        for (String grain : List.of("minute", "hour")) {
            String truncated = (grain.equals("minute") ? "toStartOfMinute" : "toStartOfHour") + "(derived_timestamp) AS t";
            String raw = query("SELECT tenant, event, " + truncated + ", count(), uniq(distinct_id) FROM "
                    + properties.table("events") + " GROUP BY tenant, event, t ORDER BY tenant, event, t");
            String rollup = query("SELECT tenant, event, " + grain + " AS t, countMerge(events), uniqMerge(users) FROM "
                    + properties.table("events_" + grain) + " GROUP BY tenant, event, t ORDER BY tenant, event, t");
            assertThat(rollup).as(grain).isNotEmpty().isEqualTo(raw);
            String rawSums = query("SELECT tenant, event, " + truncated + ", sum(toFloat64(visitParamExtractFloat(properties,"
                    + " 'revenue'))) FROM " + properties.table("events") + " GROUP BY tenant, event, t ORDER BY tenant, event, t");
            String rollupSums = query("SELECT tenant, event, " + grain + " AS t, sumMerge(total) FROM "
                    + properties.table("events_" + grain + "_measures")
                    + " WHERE measure = 'revenue' GROUP BY tenant, event, t ORDER BY tenant, event, t");
            assertThat(rollupSums).as(grain).isNotEmpty().isEqualTo(rawSums);
        }
    }

    /** Longer than 127 characters, so its RowBinary length takes two bytes. */
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0 (a 140-character agent).";

    @Test
    void everyColumnOfAnEventIsStoredAsItWasSentAndMissingValuesTakeTheColumnDefaults() throws Exception {
        Instant at = Instant.parse("2026-11-21T10:15:30.250Z");
        RawEvent full = new RawEvent("acme", EventType.TRACK, "Order Completed", null, "user-é", "anon-1", "m-full",
                at.minusSeconds(2), at.minusSeconds(1), at, Map.of("revenue", 19.5, "points", 3), null,
                new EventContext("203.0.113.0", USER_AGENT,
                        new EventContext.Page("https://shop.example/cart?utm_campaign=x", "/cart", "https://www.google.com/", "Cart"),
                        null, null, "de-DE"),
                null, null);
        Enrichments enrichments = new Enrichments(at.minusSeconds(3), true, false,
                new Enrichments.Geo("DE", "Berlin", "東京 🗼", 3320L, "DTAG"),
                new Enrichments.Device("Chrome", "131", "Linux", "6", "Desktop", true),
                new Enrichments.PageUrl("shop.example", "/cart"), new EventContext.Campaign("x", "google", "cpc", null, null),
                "search", null, true);
        RawEvent sparse = new RawEvent("acme", EventType.IDENTIFY, null, null, null, "anon-2", "m-sparse", at, null, at,
                null, null, null, null, null);
        store(List.of(
                new ConsumerRecord<>(Topics.ENRICHED, 2, 77L, "acme:user-é",
                        ByteBuffer.wrap(codec.encode(EnrichedEvent.of(full, at.plusSeconds(1), enrichments)))),
                new ConsumerRecord<>(Topics.ENRICHED, 2, 78L, "acme:anon-2",
                        ByteBuffer.wrap(codec.encode(EnrichedEvent.of(sparse, at.plusSeconds(1)))))));

        String columns = "tenant, message_id, type, event, user_id, anonymous_id, distinct_id, timestamp, sent_at, received_at, "
                + "processed_at, ip, user_agent, page_url, page_referrer, derived_timestamp, future, late, country, region, "
                + "city, asn, browser, browser_version, os, os_version, device_class, bot, page_host, page_path, "
                + "campaign_name, campaign_source, campaign_medium, referrer_class, partial, measure_names, measure_values, "
                + "kafka_partition, kafka_offset";
        assertThat(query("SELECT " + columns + " FROM " + properties.table("events") + " ORDER BY kafka_offset"))
                .isEqualTo(String.join("\t", "acme", "m-full", "track", "Order Completed", "user-é", "anon-1", "user-é",
                        "2026-11-21 10:15:28", "2026-11-21 10:15:29", "2026-11-21 10:15:30", "2026-11-21 10:15:31",
                        "203.0.113.0", USER_AGENT, "https://shop.example/cart?utm_campaign=x",
                        "https://www.google.com/", "2026-11-21 10:15:27", "1", "0", "DE", "Berlin", "東京 🗼", "3320",
                        "Chrome", "131", "Linux", "6", "Desktop", "1", "shop.example", "/cart", "x", "google", "cpc",
                        "search", "1", "['revenue']", "[19.5]", "2", "77")
                        + "\n" + String.join("\t", "acme", "m-sparse", "identify", "identify", "", "anon-2", "anon-2",
                        "2026-11-21 10:15:30", "\\N", "2026-11-21 10:15:30", "2026-11-21 10:15:31", "", "", "", "",
                        "2026-11-21 10:15:30", "0", "0", "", "", "", "0", "", "", "", "", "", "0", "", "", "", "", "", "",
                        "0", "[]", "[]", "2", "78"));
        assertThat(query("SELECT properties FROM " + properties.table("events") + " WHERE message_id = 'm-full'"))
                .contains("\"revenue\":19.5").contains("\"points\":3");
    }

    @Test
    void deadLettersAndUnreadableRecordsAreStoredOnceEach() throws Exception {
        DeadLetter deadLetter = new DeadLetter(DeadLetterReason.SCHEMA_VIOLATION, "revenue < 0", "acme", "m-1",
                Topics.RAW, 2, 7, "{\"type\":\"track\"}", Instant.parse("2026-11-21T10:00:00Z"));
        List<ConsumerRecord<String, ByteBuffer>> batch = List.of(
                new ConsumerRecord<>(Topics.DEAD_LETTER, 0, 5L, "acme:u", ByteBuffer.wrap(codec.encode(deadLetter))),
                new ConsumerRecord<>(Topics.DEAD_LETTER, 0, 6L, "x", ByteBuffer.wrap("not json".getBytes(StandardCharsets.UTF_8))));
        DeadLetterSink sink = new DeadLetterSink(inserter, codec);

        sink.onBatch(batch);
        sink.onBatch(batch);

        assertThat(query("SELECT reason, tenant, source_offset, payload FROM " + properties.table("dead_letter")
                + " ORDER BY kafka_offset"))
                .isEqualTo("schema_violation\tacme\t7\t{\"type\":\"track\"}\nunreadable\t\t0\tnot json");
    }

    private ClickHouseSink sink(int batchRows) {
        return new ClickHouseSink(inserts(batchRows, 60_000), new KafkaTracing(Tracer.NOOP, Propagator.NOOP));
    }

    private PendingInserts inserts(int batchRows, long batchIntervalMs) {
        return new PendingInserts(inserter, new Rollups(new ClickHouseSql(client, properties), properties), codec, measures,
                new SinkMetrics(meters, Clock.systemUTC()), new SinkProperties(batchRows, 8 << 20, batchIntervalMs, 2_000, 1));
    }

    /** The group's committed offset of each of the test records' three partitions, -1 for none. */
    private List<Long> committed() {
        Set<TopicPartition> partitions = Set.of(new TopicPartition(Topics.ENRICHED, 0), new TopicPartition(Topics.ENRICHED, 1),
                new TopicPartition(Topics.ENRICHED, 2));
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        return IntStream.range(0, 3).mapToObj(partition -> committed.get(new TopicPartition(Topics.ENRICHED, partition)))
                .map(offset -> offset == null ? -1L : offset.offset()).toList();
    }

    private String eventCount() throws Exception {
        return query("SELECT count() FROM " + properties.table("events"));
    }

    /**
     * The records as one poll of a sink that inserts at every poll, freshly started each time: a batch delivered again
     * meets the sink's check against ClickHouse, as after a crash, not the memory of a sink that took it before.
     */
    private void store(List<ConsumerRecord<String, ByteBuffer>> records) throws Exception {
        sink(1).onBatch(records, consumer);
    }

    /** The i-th record: Kafka partition i % 3, offset 1000 + i, on one of three days, one of seven users, revenue i. */
    private ConsumerRecord<String, ByteBuffer> enriched(int i) {
        Instant at = Instant.parse("2026-11-19T10:00:00Z").plus(Duration.ofDays(i % 3)).plusSeconds(i);
        long offset = 1_000 + i;
        RawEvent event = new RawEvent("acme", EventType.TRACK, "Played", null, "u-" + (offset % 7), null, "m-" + offset, at,
                at, at, Map.of("revenue", i), null, null, null, null);
        return new ConsumerRecord<>(Topics.ENRICHED, i % 3, offset, "acme:u", ByteBuffer.wrap(codec.encode(EnrichedEvent.of(event, at))));
    }

    private void execute(String sql) throws Exception {
        client.execute(sql).get().close();
    }

    private String query(String sql) throws Exception {
        try (var response = client.query(sql + " FORMAT TabSeparated",
                new QuerySettings().setFormat(ClickHouseFormat.TabSeparated)).get()) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
