package dev.pulse.aggregation.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.data.ClickHouseFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodedRowsTest {

    /** A row whose text is its encoding; "boom" fails half way through being written. */
    private record Line(String text, int kafkaPartition, long kafkaOffset, String day) implements OffsetRow {

        @Override
        public long epochDay() {
            return LocalDate.parse(day).toEpochDay();
        }
    }

    private static final RowInserter.Format<Line> LINES = new RowInserter.Format<>(ClickHouseFormat.TabSeparated,
            List.of(), (row, out) -> {
                out.write(row.text().getBytes(StandardCharsets.UTF_8));
                if (row.text().equals("boom")) {
                    throw new IllegalStateException("cannot encode");
                }
                out.write('\n');
            });

    @Test
    void rowsLeftOutAreCutFromTheBodyAndTheOthersKeepTheirOrder() throws IOException {
        EncodedRows<Line> rows = new EncodedRows<>(LINES, 2);
        rows.add(new Line("a", 0, 10, "2026-11-20"));
        rows.add(new Line("bb", 1, 7, "2026-11-21"));
        rows.add(new Line("ccc", 0, 11, "2026-11-20"));
        rows.add(new Line("dddd", 1, 5, "2026-11-21"));

        BitSet stored = new BitSet();
        stored.set(0);
        stored.set(3);

        assertThat(text(rows.body(new BitSet()))).isEqualTo("a\nbb\nccc\ndddd\n");
        assertThat(text(rows.body(stored))).isEqualTo("bb\nccc\n");
        assertThat(rows.days()).containsExactly("2026-11-20", "2026-11-21");
        assertThat(rows.offsetRanges()).containsOnlyKeys(0, 1);
        assertThat(rows.offsetRanges().get(0)).containsExactly(10, 11);
        assertThat(rows.offsetRanges().get(1)).containsExactly(5, 7);
        assertThat(rows.partition(1)).isEqualTo(1);
        assertThat(rows.position(2)).isEqualTo(EncodedRows.position(0, 11));
    }

    @Test
    void aRowThatFailsToEncodeLeavesNothingBehind() throws IOException {
        EncodedRows<Line> rows = new EncodedRows<>(LINES, 4);
        rows.add(new Line("a", 0, 1, "2026-11-20"));

        assertThatThrownBy(() -> rows.add(new Line("boom", 0, 2, "2026-11-20"))).hasMessage("cannot encode");
        rows.add(new Line("c", 0, 3, "2026-11-20"));

        assertThat(rows.size()).isEqualTo(2);
        assertThat(text(rows.body(new BitSet()))).isEqualTo("a\nc\n");
        assertThat(rows.offsetRanges()).isEqualTo(Map.of(0, rows.offsetRanges().get(0)));
        assertThat(rows.offsetRanges().get(0)).containsExactly(1, 3);
    }

    @Test
    void clearedRowsAreForgottenAndTheNextInsertStartsFromNothing() throws IOException {
        EncodedRows<Line> rows = new EncodedRows<>(LINES, 2);
        rows.add(new Line("a", 0, 10, "2026-11-20"));
        rows.add(new Line("bb", 1, 7, "2026-11-21"));
        rows.add(new Line("ccc", 0, 11, "2026-11-20"));

        rows.clear();
        rows.add(new Line("d", 2, 40, "2026-11-22"));

        assertThat(rows.size()).isEqualTo(1);
        assertThat(text(rows.body(new BitSet()))).isEqualTo("d\n");
        assertThat(rows.bytes()).isEqualTo(2);
        assertThat(rows.days()).containsExactly("2026-11-22");
        assertThat(rows.offsetRanges()).containsOnlyKeys(2);
        assertThat(rows.position(0)).isEqualTo(EncodedRows.position(2, 40));
    }

    private static String text(RowInserter.Body body) throws IOException {
        try (InputStream in = body.asInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
