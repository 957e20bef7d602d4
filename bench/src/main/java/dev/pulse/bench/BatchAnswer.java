package dev.pulse.bench;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What ingestion answered a batch with (200): the messageIds it accepted, those it recognised as duplicates of an
 * event stored before, and how many events it rejected. Read by the load drivers of the harness and the fault tests.
 */
public record BatchAnswer(List<String> accepted, List<String> duplicates, int rejected) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static BatchAnswer of(byte[] body) {
        JsonNode answer = JSON.readTree(body);
        return new BatchAnswer(messageIds(answer.path("accepted")), messageIds(answer.path("duplicates")),
                answer.path("rejected").size());
    }

    private static List<String> messageIds(JsonNode outcomes) {
        List<String> ids = new ArrayList<>(outcomes.size());
        outcomes.forEach(outcome -> ids.add(outcome.path("messageId").asString()));
        return ids;
    }
}
