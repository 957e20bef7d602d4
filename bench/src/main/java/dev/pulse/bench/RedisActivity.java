package dev.pulse.bench;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Redis did up to a moment, from its own {@code INFO}: the scripts it ran ({@code EVALSHA}, the hot path's) with
 * the time they took, and the CPU time of its process. Subtracting two readings gives a phase's share. Script time is
 * wall-clock time inside the script: when it exceeds the CPU time Redis got, Redis was waiting for a core.
 */
record RedisActivity(long scripts, long scriptMicros, double cpuSeconds) {

    private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=(\\d+)");
    private static final Pattern CPU = Pattern.compile("used_cpu_(?:sys|user):([0-9.]+)");

    static RedisActivity read(RedisCommands<String, String> redis) {
        Matcher scripts = EVALSHA.matcher(redis.info("commandstats"));
        boolean ran = scripts.find();
        double cpu = 0;
        Matcher used = CPU.matcher(redis.info("cpu"));
        while (used.find()) {
            cpu += Double.parseDouble(used.group(1));
        }
        return new RedisActivity(ran ? Long.parseLong(scripts.group(1)) : 0, ran ? Long.parseLong(scripts.group(2)) : 0,
                cpu);
    }

    RedisActivity since(RedisActivity start) {
        return new RedisActivity(scripts - start.scripts, scriptMicros - start.scriptMicros, cpuSeconds - start.cpuSeconds);
    }

    /** Mean wall-clock time of one script, in ms; 0 when none ran. */
    double millisPerScript() {
        return scripts == 0 ? 0 : scriptMicros / 1000.0 / scripts;
    }
}
