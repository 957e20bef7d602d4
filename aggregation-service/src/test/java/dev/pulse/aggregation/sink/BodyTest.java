package dev.pulse.aggregation.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.data.format.BinaryStreamUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body's own RowBinary writers give the bytes clickhouse-java's writers give, value for value. */
class BodyTest {

    @Test
    void stringsAreWrittenAsClickHouseJavaWritesThem() throws IOException {
        List<String> texts = List.of("", "a", "Order Completed", "x".repeat(127), "x".repeat(128), "x".repeat(20_000),
                "user-é", "東京 🗼", "ascii first, then ü", "é" + "x".repeat(200), "\u007f\u0080");
        for (String text : texts) {
            RowInserter.Body body = new RowInserter.Body(1);
            body.string(text);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            BinaryStreamUtils.writeString(expected, text);

            assertThat(written(body)).as(text).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void numbersAreWrittenAsClickHouseJavaWritesThem() throws IOException {
        RowInserter.Body body = new RowInserter.Body(1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (long value : new long[] {0, 1, 1_763_720_130L, 0xFFFF_FFFFL}) {
            body.uint32(value);
            BinaryStreamUtils.writeUnsignedInt32(expected, value);
        }
        for (long value : new long[] {0, 42, (1L << 48) - 1, Long.MAX_VALUE}) {
            body.int64(value);
            BinaryStreamUtils.writeUnsignedInt64(expected, value);
        }
        for (double value : new double[] {0, -0.0, 19.5, -1e300, Double.MIN_VALUE}) {
            body.float64(value);
            BinaryStreamUtils.writeFloat64(expected, value);
        }
        for (int value : new int[] {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE}) {
            body.varInt(value);
            BinaryStreamUtils.writeVarInt(expected, value);
        }
        body.uint8(255);
        BinaryStreamUtils.writeUnsignedInt8(expected, 255);

        assertThat(written(body)).isEqualTo(expected.toByteArray());
    }

    private static byte[] written(RowInserter.Body body) throws IOException {
        try (var in = body.asInputStream()) {
            return in.readAllBytes();
        }
    }
}
