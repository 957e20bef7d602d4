package dev.pulse.aggregation.leaderboard;

import dev.pulse.aggregation.query.InvalidQueryException;
import dev.pulse.aggregation.query.ReadKeys;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Leaderboards for a tenant's dashboards, with its read key: the definitions, the top N of a period, and a member's
 * rank. The period defaults to the current one of the leaderboard's window.
 */
@RestController
class LeaderboardController {

    private final ReadKeys readKeys;
    private final LeaderboardDefinitions definitions;
    private final Rankings rankings;
    private final Clock clock;

    LeaderboardController(ReadKeys readKeys, LeaderboardDefinitions definitions, Rankings rankings, Clock clock) {
        this.readKeys = readKeys;
        this.definitions = definitions;
        this.rankings = rankings;
        this.clock = clock;
    }

    @GetMapping("/v1/leaderboards")
    Mono<List<Leaderboard>> list(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return definitions.of(readKeys.tenantOf(authorization));
    }

    @GetMapping("/v1/leaderboards/{name}")
    Mono<Ranking> top(@PathVariable @Pattern(regexp = Leaderboard.NAME) String name,
            @RequestParam(required = false) String period,
            @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String tenant = readKeys.tenantOf(authorization);
        return board(tenant, name).flatMap(board -> {
            String chosen = period(board, period);
            return Mono.zip(rankings.size(tenant, name, chosen), rankings.top(tenant, name, chosen, limit))
                    .map(found -> new Ranking(name, chosen, found.getT1(), found.getT2()));
        });
    }

    @GetMapping("/v1/leaderboards/{name}/members/{member}")
    Mono<Rankings.Entry> member(@PathVariable @Pattern(regexp = Leaderboard.NAME) String name,
            @PathVariable String member, @RequestParam(required = false) String period,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String tenant = readKeys.tenantOf(authorization);
        return board(tenant, name).flatMap(board -> rankings.member(tenant, name, period(board, period), member))
                .switchIfEmpty(Mono.error(() -> new LeaderboardNotFoundException(
                        "member " + member + " has no score on leaderboard " + name + " in that period")));
    }

    private Mono<Leaderboard> board(String tenant, String name) {
        return definitions.named(tenant, name)
                .switchIfEmpty(Mono.error(() -> new LeaderboardNotFoundException("no leaderboard named " + name)));
    }

    private String period(Leaderboard board, String period) {
        if (period == null) {
            return board.window().periodOf(clock.instant());
        }
        if (!board.window().accepts(period)) {
            throw new InvalidQueryException("period " + period + " is not a period of a " + board.window().text()
                    + " leaderboard (all, 2026-11-22 or 2026-W47)");
        }
        return period;
    }

    /**
     * The top of a leaderboard in one period.
     *
     * @param leaderboard its name
     * @param period the period
     * @param members how many members scored in the period
     * @param entries the best members, best first
     */
    record Ranking(String leaderboard, String period, long members, List<Rankings.Entry> entries) {
    }
}
