package dev.pulse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's redis-server with an append-only file, so counters survive a {@code down} and {@code up} of the local stack
 * as the Kafka offsets they were counted up to do.
 */
record RedisServer(int port) implements Engine {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public List<String> command(Path dir) {
        return List.of(Binaries.find("redis-server", "PULSE_REDIS_SERVER", "redis-server").toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                "--dir", dir.toString(), "--daemonize", "no");
    }

    @Override
    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
        catch (IOException ex) {
            return false;
        }
    }
}
