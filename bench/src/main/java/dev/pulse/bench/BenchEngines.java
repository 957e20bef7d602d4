package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import dev.pulse.stack.StackSettings;
import java.nio.file.Path;

/** Fresh engines for one benchmark run, on free ports, killed with the harness JVM even when it is interrupted. */
final class BenchEngines {

    private BenchEngines() {
    }

    static LocalStack start(Path home) {
        LocalStack stack = new LocalStack(StackSettings.onFreePorts(home.resolve("stack"), 6));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::kill, "bench-engines-kill"));
        stack.up();
        return stack;
    }
}
