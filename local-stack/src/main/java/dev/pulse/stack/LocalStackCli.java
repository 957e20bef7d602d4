package dev.pulse.stack;

import java.nio.file.Path;

/**
 * {@code up | down | status} for the developer stack, called by {@code bin/pulse}. The stack lives in
 * {@code PULSE_STACK_HOME} (default {@code .stack}); ports come from the {@code PULSE_*_PORT} variables
 * ({@link StackSettings#fromEnvironment}).
 */
public final class LocalStackCli {

    private LocalStackCli() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "status" : args[0];
        Path home = Path.of(System.getenv().getOrDefault("PULSE_STACK_HOME", ".stack")).toAbsolutePath();
        LocalStack stack = new LocalStack(StackSettings.fromEnvironment(home, System.getenv()));
        switch (command) {
            case "up" -> {
                stack.up();
                stack.status().forEach(System.out::println);
            }
            case "down" -> stack.down();
            case "status" -> {
                stack.status().forEach(System.out::println);
                if (stack.status().stream().anyMatch(s -> !s.answers())) {
                    System.exit(3);
                }
            }
            default -> {
                System.err.println("usage: LocalStackCli up|down|status");
                System.exit(2);
            }
        }
    }
}
