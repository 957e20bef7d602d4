package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code redis-benchmark} on a leaderboard-sized sorted set: the leaderboard's own operations (score update, a
 * member's rank and score, the top 100) as fast as this machine's Redis answers them from 50 connections. The
 * yardstick for the leaderboard endpoints.
 */
final class RedisBaseline {

    private static final String KEY = "bench:leaderboard";

    /** One operation's figures as {@code redis-benchmark --csv} prints them. */
    record Operation(String name, double requestsPerSecond, double p50Millis, double p99Millis, double maxMillis) {
    }

    private final LocalStack stack;

    RedisBaseline(LocalStack stack) {
        this.stack = stack;
    }

    /** Fills a sorted set with about {@code members} members, then measures each leaderboard operation on it. */
    List<Operation> run(int members, Path workDir) {
        // random members drawn 3 × members times: about 95 % of the members exist afterwards
        benchmark(workDir, "fill", members * 3, members, "-P", "64", "ZADD", KEY, "__rand_int__", "m:__rand_int__");
        List<Operation> operations = new ArrayList<>();
        operations.add(measure(workDir, "ZINCRBY (score update)", members, "ZINCRBY", KEY, "1", "m:__rand_int__"));
        operations.add(measure(workDir, "ZREVRANK (a member's rank)", members, "ZREVRANK", KEY, "m:__rand_int__"));
        operations.add(measure(workDir, "ZSCORE (a member's score)", members, "ZSCORE", KEY, "m:__rand_int__"));
        operations.add(measure(workDir, "ZREVRANGE 0 99 WITHSCORES (top 100)", members, "ZREVRANGE", KEY, "0", "99",
                "WITHSCORES"));
        return operations;
    }

    private Operation measure(Path workDir, String name, int members, String... command) {
        String output = benchmark(workDir, command[0].toLowerCase(), 100_000, members, command);
        // the last CSV line: "command","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",
        // "p99_latency_ms","max_latency_ms"
        String line = output.lines().filter(one -> one.startsWith("\"") && !one.startsWith("\"test\""))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("redis-benchmark printed no figures:\n" + output));
        String[] fields = line.replace("\"", "").split(",");
        int n = fields.length;
        return new Operation(name, Double.parseDouble(fields[n - 7]), Double.parseDouble(fields[n - 4]),
                Double.parseDouble(fields[n - 2]), Double.parseDouble(fields[n - 1]));
    }

    private String benchmark(Path workDir, String label, int requests, int keyspace, String... command) {
        List<String> arguments = new ArrayList<>(List.of("redis-benchmark", "-h", stack.redisHost(), "-p",
                Integer.toString(stack.redisPort()), "-c", "50", "-n", Integer.toString(requests), "-r",
                Integer.toString(keyspace), "--csv"));
        arguments.addAll(List.of(command));
        return ToolRun.of(arguments, workDir.resolve("redis-benchmark-" + label + ".log")).output();
    }
}
