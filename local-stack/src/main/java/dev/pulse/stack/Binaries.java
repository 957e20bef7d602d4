package dev.pulse.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the engine executables installed from Debian's packages (bin/pulse install puts them there). */
final class Binaries {

    private Binaries() {
    }

    /** The executable {@code name}, from the environment variable {@code override} or the PATH and sbin folders. */
    static Path find(String name, String override, String aptPackage) {
        String explicit = System.getenv(override);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"));
        return dirs.stream()
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not installed: run 'bin/pulse install' "
                        + "(apt-get install " + aptPackage + ") or set " + override));
    }
}
