package dev.pulse.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic capture traffic: a Zipf-like spread of users (a few very active, a long tail), a mix of event types and
 * names, real user-agent strings, IPv4 and IPv6 addresses, pages with campaigns and referrers, numeric properties.
 * <p>
 * Batches are built once as templates; each send stamps fixed-width messageIds into a copy, so the driver spends its
 * CPU on sending rather than on writing JSON. A clean batch has no two events sharing a messageId; a {@link Mix}
 * makes some events re-sends of an earlier request's event (a client retrying) and some malformed (each rejected
 * for its own reason), as real traffic has.
 */
public final class EventGenerator {

    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    };
    private static final String[] EVENTS = {"Product Viewed", "Product Added", "Checkout Started", "Order Completed",
        "Signed Up", "Video Played", "Level Completed", "Ad Clicked"};
    private static final String[] PAGES = {"/", "/pricing", "/products/42", "/blog/launch", "/checkout", "/docs/start"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://t.co/x1", "", "https://news.ycombinator.com/",
        "https://mail.example.org/", "https://shop.example.com/"};
    private static final String[] CAMPAIGNS = {"", "?utm_source=newsletter&utm_medium=email&utm_campaign=winter",
        "?utm_source=google&utm_medium=cpc&utm_campaign=brand", "?utm_source=twitter&utm_medium=social&utm_campaign=launch"};

    /** Events that break the capture contract in different ways; each is rejected on its own, the batch goes on. */
    private static final String[] MALFORMED = {
        "{\"type\":\"track\",\"userId\":\"user-1\",\"properties\":{}}",
        "{\"type\":\"bogus\",\"event\":\"Signed Up\",\"userId\":\"user-1\"}",
        "{\"type\":\"track\",\"event\":\"Signed Up\"}",
        "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"user-1\",\"timestamp\":\"yesterday\"}",
        "{\"type\":\"track\",\"event\":42,\"userId\":\"user-1\"}",
        "\"not an object\"",
    };

    /**
     * Shares of a batch's events that are re-sends of an earlier request's event and that are malformed.
     *
     * @param duplicates share of events re-sending the event {@code lag} requests earlier sent in the same place
     * @param malformed share of events that break the contract
     * @param lag how many requests back a re-send reaches, far enough that the original was answered; not a
     *     multiple of the number of templates a driver cycles through, or every re-send would reach a place that
     *     was itself a re-send (and so never sent)
     */
    public record Mix(double duplicates, double malformed, int lag) {

        public static final Mix CLEAN = new Mix(0, 0, 0);
        public static final Mix REALISTIC = new Mix(0.05, 0.01, 101);
    }

    /** Width of a stamped messageId: a run prefix and a zero-padded counter. */
    static final int ID_WIDTH = 28;
    private static final String ID_PLACEHOLDER = "#".repeat(ID_WIDTH);

    private final SplittableRandom random;
    private final int users;

    public EventGenerator(long seed, int users) {
        this.random = new SplittableRandom(seed);
        this.users = users;
    }

    /** One event as a client sends it, with {@code messageId} as given. */
    String event(String messageId) {
        int kind = random.nextInt(10);
        String user = user();
        String ua = USER_AGENTS[random.nextInt(USER_AGENTS.length)];
        String ip = random.nextInt(5) == 0
                ? "2001:db8:%x:%x::%x".formatted(random.nextInt(65536), random.nextInt(65536), random.nextInt(65536))
                : "%d.%d.%d.%d".formatted(1 + random.nextInt(223), random.nextInt(256), random.nextInt(256), 1 + random.nextInt(254));
        String path = PAGES[random.nextInt(PAGES.length)];
        String context = """
                "context":{"ip":"%s","userAgent":"%s","locale":"en-US","page":{"url":"https://shop.example.com%s%s",\
                "path":"%s","referrer":"%s","title":"Shop"},"library":{"name":"analytics.js","version":"5.2.0"}}"""
                .formatted(ip, ua, path, CAMPAIGNS[random.nextInt(CAMPAIGNS.length)], path,
                        REFERRERS[random.nextInt(REFERRERS.length)]);
        if (kind < 7) {
            return """
                    {"type":"track","event":"%s","userId":"%s","messageId":"%s","timestamp":"2026-11-21T10:00:00.000Z",\
                    "properties":{"revenue":%d.%02d,"points":%d,"currency":"EUR","sku":"sku-%d"},%s}"""
                    .formatted(EVENTS[random.nextInt(EVENTS.length)], user, messageId, random.nextInt(500),
                            random.nextInt(100), random.nextInt(1000), random.nextInt(5000), context);
        }
        if (kind < 9) {
            return """
                    {"type":"page","name":"Shop","anonymousId":"anon-%s","messageId":"%s",\
                    "timestamp":"2026-11-21T10:00:00.000Z",%s}""".formatted(user, messageId, context);
        }
        return """
                {"type":"identify","userId":"%s","messageId":"%s","traits":{"plan":"pro","country":"DE"},%s}"""
                .formatted(user, messageId, context);
    }

    /** A user id drawn so that user k is about 1/k as active as user 1. */
    private String user() {
        double u = random.nextDouble();
        int rank = (int) Math.min(users - 1, Math.floor(Math.pow(users, u)) - 1);
        return "user-" + rank;
    }

    /** A batch envelope of {@code size} well-formed events whose messageIds are stamped fresh per send. */
    Template batch(int size) {
        return batch(size, Mix.CLEAN);
    }

    /** A batch envelope of {@code size} events, some of them re-sends or malformed as {@code mix} says. */
    public Template batch(int size, Mix mix) {
        StringBuilder json = new StringBuilder("{\"batch\":[");
        // per well-formed event, in order: how many ids back its messageId reaches (0: a fresh one)
        List<Long> reachBack = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            json.append(i == 0 ? "" : ",");
            double draw = random.nextDouble();
            if (draw < mix.malformed()) {
                json.append(MALFORMED[random.nextInt(MALFORMED.length)]);
                continue;
            }
            reachBack.add(draw < mix.malformed() + mix.duplicates() ? (long) mix.lag() * size : 0L);
            json.append(event(ID_PLACEHOLDER));
        }
        json.append("],\"sentAt\":\"2026-11-21T10:00:01.000Z\"}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        List<Integer> offsets = new ArrayList<>();
        byte[] placeholder = ID_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + placeholder.length <= bytes.length; i++) {
            if (bytes[i] == '#' && java.util.Arrays.equals(bytes, i, i + placeholder.length, placeholder, 0, placeholder.length)) {
                offsets.add(i);
                i += placeholder.length - 1;
            }
        }
        return new Template(bytes, offsets.stream().mapToInt(Integer::intValue).toArray(),
                reachBack.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * A batch body with the places of its messageIds.
     *
     * @param idOffsets where each well-formed event's messageId placeholder starts
     * @param reachBack per placeholder, 0 for a fresh id, else how many ids earlier the re-sent one was stamped
     */
    public record Template(byte[] body, int[] idOffsets, long[] reachBack) {

        /**
         * A copy with messageIds {@code prefix + counter}: a fresh event gets counter {@code first + i}, a re-send the
         * counter its place had {@code reachBack} ids earlier (fresh while there is no earlier request).
         */
        public byte[] stamp(String prefix, long first) {
            byte[] copy = body.clone();
            for (int i = 0; i < idOffsets.length; i++) {
                long counter = first + i - (reachBack[i] <= first ? reachBack[i] : 0);
                String id = prefix + String.format("%0" + (ID_WIDTH - prefix.length()) + "d", counter);
                System.arraycopy(id.getBytes(StandardCharsets.US_ASCII), 0, copy, idOffsets[i], ID_WIDTH);
            }
            return copy;
        }
    }
}
