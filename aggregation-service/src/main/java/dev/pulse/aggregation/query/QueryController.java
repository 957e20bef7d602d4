package dev.pulse.aggregation.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The query API, with a tenant's read key: time series, top values, funnels and freshness. Dimension filters are
 * query parameters named after the dimension ({@code country=DE&deviceClass=Phone}); a property filter is
 * {@code property=plan&propertyValue=pro}.
 */
@RestController
class QueryController {

    private final ReadKeys readKeys;
    private final Analytics analytics;
    private final Freshness freshness;

    QueryController(ReadKeys readKeys, Analytics analytics, Freshness freshness) {
        this.readKeys = readKeys;
        this.analytics = analytics;
        this.freshness = freshness;
    }

    @GetMapping("/v1/query/timeseries")
    Mono<Analytics.TimeSeries> timeSeries(@RequestParam(required = false) String event,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "hour") String interval, @RequestParam(defaultValue = "count") String metric,
            @RequestParam(required = false) String measure, @RequestParam(required = false) String groupBy,
            @RequestParam(defaultValue = "5") int groups, @RequestParam Map<String, String> parameters,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Selection selection = Selection.of(readKeys.tenantOf(authorization), event, from, to, parameters);
        return analytics.timeSeries(selection, Metric.named(metric), measure, Interval.named(interval),
                groupBy == null ? null : QueryDimension.named(groupBy), groups);
    }

    @GetMapping("/v1/query/top")
    Mono<List<Analytics.TopValue>> top(@RequestParam String dimension, @RequestParam(required = false) String event,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "count") String metric, @RequestParam(required = false) String measure,
            @RequestParam(defaultValue = "10") int limit, @RequestParam Map<String, String> parameters,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Selection selection = Selection.of(readKeys.tenantOf(authorization), event, from, to, parameters);
        return analytics.top(selection, QueryDimension.named(dimension), Metric.named(metric), measure, limit);
    }

    @GetMapping("/v1/query/funnel")
    Mono<List<Analytics.FunnelStep>> funnel(@RequestParam String steps,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "PT1H") Duration window, @RequestParam Map<String, String> parameters,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Selection selection = Selection.of(readKeys.tenantOf(authorization), null, from, to, parameters);
        return analytics.funnel(selection, Arrays.stream(steps.split(",")).map(String::trim).toList(), window);
    }

    @GetMapping("/v1/query/freshness")
    Mono<Freshness.Report> freshness(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return freshness.of(readKeys.tenantOf(authorization));
    }
}
