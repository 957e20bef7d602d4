package dev.pulse.support.health;

import dev.pulse.model.EventContext;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Realistic raw events for warm-up tasks: never published or stored, only run through the hot path. */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static List<RawEvent> raw(Instant now) {
        EventContext browser = new EventContext("203.0.113.7",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/131.0.0.0 Safari/537.36",
                new EventContext.Page("https://shop.example.com/cart?utm_source=newsletter&utm_campaign=spring",
                        "/cart", "https://www.google.com/", "Cart"),
                null, null, "en-GB");
        EventContext phone = new EventContext("2001:db8::1",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        + "Version/18.1 Mobile/15E148 Safari/604.1",
                null, null, null, "de-DE");
        return List.of(
                new RawEvent("warm-up", EventType.TRACK, "Order Completed", null, "user-1", null, "warm-up-1", now,
                        now, now, Map.of("revenue", 42.5, "currency", "EUR"), null, browser, null, null),
                new RawEvent("warm-up", EventType.PAGE, null, "Cart", null, "anon-2", "warm-up-2", now, now, now,
                        Map.of("points", 3), null, phone, null, null));
    }
}
