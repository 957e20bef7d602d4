package dev.pulse.aggregation.query;

import dev.pulse.aggregation.rollup.HotCounters;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The all-time count of one event, from Redis. A stand-in until the query API answers time series. */
@RestController
class CountController {

    private final ReadKeys readKeys;
    private final HotCounters counters;

    CountController(ReadKeys readKeys, HotCounters counters) {
        this.readKeys = readKeys;
        this.counters = counters;
    }

    @GetMapping("/v1/count")
    Mono<EventCount> count(@RequestParam String event,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String tenant = readKeys.tenantOf(authorization);
        return counters.count(tenant, event).map(count -> new EventCount(tenant, event, count));
    }

    /**
     * @param tenant the tenant of the read key
     * @param event the event name
     * @param count how many such events were counted
     */
    record EventCount(String tenant, String event, long count) {
    }
}
