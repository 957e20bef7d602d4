package dev.pulse.aggregation.rollup;

import dev.pulse.support.redis.RedisScripts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Runs the hot path's {@code apply-batch.lua} scripts on a Redis connection of their own, all of a batch in one write.
 *
 * <p>Redis runs a connection's commands in the order they arrive, and one {@code dispatch} of a list writes them in
 * list order, so a tenant's scripts can leave together, each checking the fences the one before it leaves: a batch of
 * forty scripts waits for one round trip, not forty, and rank and query reads on the service's shared connection do
 * not queue behind them in Lettuce. Spring's script executor cannot promise that order (it falls back from
 * {@code EVALSHA} to {@code EVAL} per call), and Lettuce's explicit flushing is per connection, not per caller; a
 * list dispatched at once needs neither.
 */
@Component
class HotScripts implements DisposableBean {

    private static final RedisScript<Long> APPLY = RedisScripts.load("redis/apply-batch.lua", Long.class);

    private final LettuceConnectionFactory factory;
    private StatefulRedisConnection<byte[], byte[]> connection;

    HotScripts(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    /**
     * Runs {@code scripts} in their order (a tenant's scripts must come in the order {@link HotCounters} planned
     * them; other tenants' may come between) and returns when Redis answered every one. When Redis lost its script
     * cache (a restart, {@code SCRIPT FLUSH}) the cache is filled again and the scripts that failed are sent once
     * more, in order. That applies each record once: a failed script leaves its partitions' fences where they were,
     * so a later script on those partitions failed its fence check and is sent again after it.
     *
     * @throws IllegalStateException when a script still failed (a fence that another consumer moved, or another
     *         error of Redis) or Redis did not answer within {@code timeout}; what the other scripts applied stays,
     *         and their fences say so
     */
    void apply(List<Script> scripts, Duration timeout) {
        List<Failed> failed = run(scripts, timeout);
        if (failed.stream().anyMatch(Failed::lostScript)) {
            load(timeout);
            failed = run(failed.stream().map(Failed::script).toList(), timeout);
        }
        if (!failed.isEmpty()) {
            Throwable first = failed.getFirst().error();
            throw new IllegalStateException(failed.size() + " of " + scripts.size() + " hot-path scripts failed, the "
                    + "first with: " + first.getMessage(), first);
        }
    }

    /** Runs the scripts in their order; returns those that Redis answered with an error, in their order. */
    private List<Failed> run(List<Script> scripts, Duration timeout) {
        List<AsyncCommand<byte[], byte[], Long>> commands = new ArrayList<>(scripts.size());
        for (Script script : scripts) {
            // encoded here, on the caller's thread, and of a known length: Lettuce's I/O thread copies them as they
            // are, where Strings would each be encoded into a buffer of their own first
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).add(APPLY.getSha1())
                    .add(script.keys().size());
            script.keys().forEach(key -> args.addKey(key.getBytes(StandardCharsets.UTF_8)));
            script.arguments().forEach(argument -> args.addValue(argument.getBytes(StandardCharsets.UTF_8)));
            commands.add(new AsyncCommand<>(new Command<>(CommandType.EVALSHA,
                    new IntegerOutput<>(ByteArrayCodec.INSTANCE), args)));
        }
        connection().dispatch(List.<RedisCommand<byte[], byte[], ?>>copyOf(commands));
        // complete when every command completed; each command's own error is read below
        await(CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)).exceptionally(ex -> null), timeout);
        List<Failed> failed = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).isCompletedExceptionally()) {
                failed.add(new Failed(scripts.get(i), commands.get(i).exceptionNow()));
            }
        }
        return failed;
    }

    private void load(Duration timeout) {
        await(connection().async().scriptLoad(APPLY.getScriptAsString()).toCompletableFuture(), timeout);
    }

    private synchronized StatefulRedisConnection<byte[], byte[]> connection() {
        if (connection == null) {
            if (!(factory.getRequiredNativeClient() instanceof RedisClient client)) {
                throw new IllegalStateException("the Redis hot path needs a standalone Redis (or Sentinel), not "
                        + factory.getRequiredNativeClient().getClass().getSimpleName());
            }
            connection = client.connect(ByteArrayCodec.INSTANCE);
        }
        return connection;
    }

    private static void await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Redis applied the hot path's scripts", ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Redis did not answer the hot path's scripts within " + timeout, ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
        }
    }

    @Override
    public synchronized void destroy() {
        if (connection != null) {
            connection.close();
        }
    }

    /** One {@code apply-batch.lua} call: {@link HotBatch#keys()} and {@link HotBatch#arguments()}. */
    record Script(List<String> keys, List<String> arguments) {
    }

    private record Failed(Script script, Throwable error) {

        /** Redis no longer holds the script; {@code EVALSHA} changed nothing. */
        boolean lostScript() {
            return error instanceof RedisCommandExecutionException && error.getMessage() != null
                    && error.getMessage().startsWith("NOSCRIPT");
        }
    }
}
