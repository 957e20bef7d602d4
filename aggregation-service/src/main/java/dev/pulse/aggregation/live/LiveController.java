package dev.pulse.aggregation.live;

import dev.pulse.aggregation.query.ReadKeys;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * A tenant's live stream as Server-Sent Events: one {@code second} event per second with the counts per event name
 * and the latest few events. The read key comes as {@code Authorization: Bearer}, or as {@code ?readKey=} for
 * browsers, whose EventSource cannot send headers.
 */
@RestController
class LiveController {

    private final ReadKeys readKeys;
    private final LiveChannel channel;

    LiveController(ReadKeys readKeys, LiveChannel channel) {
        this.readKeys = readKeys;
        this.channel = channel;
    }

    @GetMapping(path = "/v1/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<LiveChannel.LiveSecond>> live(@RequestParam(required = false) String readKey,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String tenant = readKeys.tenantOf(authorization != null || readKey == null ? authorization : "Bearer " + readKey);
        return channel.seconds(tenant).map(second -> ServerSentEvent.builder(second).event("second").build());
    }
}
