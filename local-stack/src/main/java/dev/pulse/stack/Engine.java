package dev.pulse.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One engine of the stack, run as a plain child process on loopback. */
interface Engine {

    /** Short name, used for its directory, log and pid file. */
    String name();

    /** The port clients use, for status output. */
    int port();

    /** Writes configuration and creates directories under {@code dir}; safe to call on an existing directory. */
    void prepare(Path dir) throws IOException, InterruptedException;

    /** The command line that runs the engine in the foreground. */
    List<String> command(Path dir);

    /** Whether the engine answers its protocol right now. */
    boolean answers();
}
