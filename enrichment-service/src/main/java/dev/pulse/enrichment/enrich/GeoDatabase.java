package dev.pulse.enrichment.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.pulse.model.Enrichments.Geo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks IP addresses up in an MMDB file with MaxMind's reader. Reads both MaxMind's layout (GeoLite2/GeoIP2:
 * {@code country.iso_code}, {@code subdivisions}, {@code city}, ASN fields) and ip-location-db's
 * ({@code country_code}), taking whatever the file has. The file is read into memory (tens of MB at most), so
 * overwriting it in place cannot corrupt lookups in flight, as it would with a memory-mapped file; it is re-read
 * when it changes on disk (checked at most every few seconds), so a database update needs no restart, and a broken
 * replacement is refused while the previous database stays in use.
 */
final class GeoDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeoDatabase.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final Path file;
    private volatile Opened opened;
    private volatile long nextCheck;

    private record Opened(Reader reader, FileTime modified) {
    }

    GeoDatabase(Path file) {
        this.file = file;
        this.opened = open();
        this.nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
    }

    /** Where the address is, or null when it is no address or the database does not know it. */
    Geo lookup(InetAddress address) {
        if (address == null) {
            return null;
        }
        reloadIfChanged();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> found = opened.reader().get(address, Map.class);
            return found == null ? null : geo(found);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("the geo database could not be read", ex);
        }
    }

    /** The modification time of the file as it was when the database in use was opened. */
    FileTime openedVersion() {
        return opened.modified();
    }

    private static Geo geo(Map<String, Object> found) {
        String country = string(found.get("country_code"));
        if (country == null) {
            country = string(path(found, "country", "iso_code"));
        }
        String region = null;
        if (found.get("subdivisions") instanceof List<?> subdivisions && !subdivisions.isEmpty()
                && subdivisions.getFirst() instanceof Map<?, ?> first) {
            region = string(path(first, "names", "en"));
        }
        String city = string(path(found, "city", "names", "en"));
        Object asn = found.get("autonomous_system_number");
        return new Geo(country, region, city, asn instanceof Number number ? number.longValue() : null,
                string(found.get("autonomous_system_organization")));
    }

    private static Object path(Map<?, ?> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> level)) {
                return null;
            }
            current = level.get(key);
        }
        return current;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return;
        }
        synchronized (this) {
            if (now - nextCheck < 0) {
                return;
            }
            nextCheck = now + CHECK_EVERY.toNanos();
            try {
                if (!Files.getLastModifiedTime(file).equals(opened.modified())) {
                    // the previous reader is left to the GC, not closed: a lookup on another thread may still use it
                    opened = open();
                    log.info("Geo database {} changed on disk and was re-opened", file);
                }
            }
            catch (IOException | UncheckedIOException ex) {
                log.warn("Geo database {} could not be re-opened ({}); the previous one stays in use", file, ex.toString());
            }
        }
    }

    private Opened open() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return new Opened(new Reader(file.toFile(), Reader.FileMode.MEMORY, new CHMCache()), modified);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("the geo database " + file + " could not be opened", ex);
        }
    }

    @Override
    public void close() throws IOException {
        opened.reader().close();
    }
}
