package dev.pulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

class RepeatedTextTest {

    private final EventCodec codec = new EventCodec();
    private final RepeatedText repeated = new RepeatedText();

    @Test
    void theSameTextGivesTheSameStringAndOtherTextsTheirOwn() {
        // "Aa" and "BB" share a hash, so they share an entry: each must still come back as itself
        List<String> read = read("[\"Germany\",\"Aa\",\"BB\",\"Aa\",\"Germany\",\"Zürich 東京\",\"Zürich 東京\"]");

        assertThat(read).containsExactly("Germany", "Aa", "BB", "Aa", "Germany", "Zürich 東京", "Zürich 東京");
        assertThat(read.get(4)).isSameAs(read.get(0));
        assertThat(read.get(6)).isSameAs(read.get(5));
    }

    @Test
    void longTextIsReadWhole() {
        String userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

        assertThat(read("[\"" + userAgent + "\"]")).containsExactly(userAgent);
    }

    @Test
    void eventsReadOneAfterTheOtherShareTheirRepeatedValues() {
        RawEvent first = codec.decodeRaw(bytes("{\"tenant\":\"acme\",\"type\":\"track\",\"event\":\"Played\",\"userId\":\"u-1\"}"));
        RawEvent second = codec.decodeRaw(bytes("{\"tenant\":\"acme\",\"type\":\"track\",\"event\":\"Played\",\"userId\":\"u-1\"}"));

        assertThat(second).isEqualTo(first);
        assertThat(second.tenant()).isSameAs(first.tenant());
        assertThat(second.event()).isSameAs(first.event());
    }

    private List<String> read(String json) {
        List<String> strings = new ArrayList<>();
        try (JsonParser parser = codec.parser(bytes(json))) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                strings.add(repeated.of(parser));
            }
        }
        return strings;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
