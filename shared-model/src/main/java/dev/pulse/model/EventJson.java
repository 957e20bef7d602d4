package dev.pulse.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.ObjectReader;

/**
 * Reads and writes {@link RawEvent} and {@link EnrichedEvent} with Jackson's streaming parser and generator, field
 * by field. Every service decodes or encodes each event at least once, and Jackson's databind builds a record
 * through a reflective constructor call with every argument boxed into an array — several times slower than this
 * on the same bytes. What is accepted is what databind accepted: unknown fields are skipped, scalars are read as
 * the text of string fields, {@code null} is an absent value, an object or array where a string belongs is an
 * error; instants in any form other than the canonical UTC one go to Jackson's own {@code Instant} reader.
 * {@code EventCodecTest} holds both readers to the same answers.
 *
 * <p>A reader {@linkplain #forCounting made for counting} reads only the fields that counting an enriched event needs
 * and skips the rest unread: the parser steps over their text without making strings, maps or records of it.
 */
final class EventJson {

    /** The fields of an event that counting reads: its name, tenant, user, times and properties. */
    private static final Set<String> COUNTED_EVENT_FIELDS = Set.of("tenant", "type", "event", "name", "userId",
            "anonymousId", "timestamp", "receivedAt", "properties");
    /** The enrichments counting reads: the corrected time and the dimensions the rollups break counts down by. */
    private static final Set<String> COUNTED_ENRICHMENTS = Set.of("derivedTimestamp", "geo", "device", "campaign",
            "referrerClass");

    private final ObjectReader instants;
    private final boolean counting;
    private final RepeatedText repeatedText;

    /** @param instants Jackson's reader of {@link Instant}, for the forms {@link InstantText} does not read */
    EventJson(ObjectReader instants) {
        this(instants, false, new RepeatedText());
    }

    private EventJson(ObjectReader instants, boolean counting, RepeatedText repeatedText) {
        this.instants = instants;
        this.counting = counting;
        this.repeatedText = repeatedText;
    }

    /**
     * A reader of enriched events that leaves out what no counter reads: the event's context, traits, message id,
     * {@code sentAt}, group and previous ids, and the enrichments' page and reference data, all null in what it
     * returns. What it does read, it reads and checks as this reader does.
     */
    EventJson forCounting() {
        return new EventJson(instants, true, repeatedText);
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    EnrichedEvent readEnriched(JsonParser p) {
        expectObject(root(p), "the event");
        int schemaVersion = 0;
        RawEvent event = null;
        Instant processedAt = null;
        Enrichments enrichments = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "schemaVersion" -> schemaVersion = integer(p, token, field);
                case "event" -> event = token == JsonToken.VALUE_NULL ? null : raw(p, token, field);
                case "processedAt" -> processedAt = instant(p, token);
                case "enrichments" -> enrichments = token == JsonToken.VALUE_NULL ? null : enrichments(p, token);
                default -> p.skipChildren();
            }
        }
        return new EnrichedEvent(schemaVersion, event, processedAt, enrichments);
    }

    RawEvent readRaw(JsonParser p) {
        return raw(p, root(p), null);
    }

    /** The event whose first token is the parser's current one (not read from the root, as {@link #readRaw} does). */
    RawEvent readRawAt(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            throw new EventFormatException("expected a JSON object, got null", null);
        }
        return raw(p, token, null);
    }

    /** The first token: anything but nothing or {@code null}, which callers then check is an object. */
    private static JsonToken root(JsonParser p) {
        JsonToken token = p.nextToken();
        if (token == null || token == JsonToken.VALUE_NULL) {
            throw new EventFormatException("expected a JSON object, got " + (token == null ? "nothing" : "null"), null);
        }
        return token;
    }

    private RawEvent raw(JsonParser p, JsonToken start, String name) {
        expectObject(start, name == null ? "the event" : "'" + name + "'");
        String tenant = null;
        EventType type = null;
        String event = null;
        String eventName = null;
        String userId = null;
        String anonymousId = null;
        String messageId = null;
        Instant timestamp = null;
        Instant sentAt = null;
        Instant receivedAt = null;
        Map<String, Object> properties = null;
        Map<String, Object> traits = null;
        EventContext context = null;
        String groupId = null;
        String previousId = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            if (counting && !COUNTED_EVENT_FIELDS.contains(field)) {
                p.skipChildren();
                continue;
            }
            switch (field) {
                case "tenant" -> tenant = repeated(p, token, field);
                case "type" -> type = type(p, token);
                case "event" -> event = repeated(p, token, field);
                case "name" -> eventName = repeated(p, token, field);
                case "userId" -> userId = string(p, token, field);
                case "anonymousId" -> anonymousId = string(p, token, field);
                case "messageId" -> messageId = string(p, token, field);
                case "timestamp" -> timestamp = instant(p, token);
                case "sentAt" -> sentAt = instant(p, token);
                case "receivedAt" -> receivedAt = instant(p, token);
                case "properties" -> properties = object(p, token, field);
                case "traits" -> traits = object(p, token, field);
                case "context" -> context = token == JsonToken.VALUE_NULL ? null : context(p, token);
                case "groupId" -> groupId = string(p, token, field);
                case "previousId" -> previousId = string(p, token, field);
                default -> p.skipChildren();
            }
        }
        return new RawEvent(tenant, type, event, eventName, userId, anonymousId, messageId, timestamp, sentAt,
                receivedAt, properties, traits, context, groupId, previousId);
    }

    private EventContext context(JsonParser p, JsonToken start) {
        expectObject(start, "'context'");
        String ip = null;
        String userAgent = null;
        EventContext.Page page = null;
        EventContext.Campaign campaign = null;
        EventContext.Library library = null;
        String locale = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "ip" -> ip = string(p, token, field);
                case "userAgent" -> userAgent = string(p, token, field);
                case "page" -> page = token == JsonToken.VALUE_NULL ? null : page(p, token);
                case "campaign" -> campaign = token == JsonToken.VALUE_NULL ? null : campaign(p, token);
                case "library" -> library = token == JsonToken.VALUE_NULL ? null : library(p, token);
                case "locale" -> locale = repeated(p, token, field);
                default -> p.skipChildren();
            }
        }
        return new EventContext(ip, userAgent, page, campaign, library, locale);
    }

    private EventContext.Page page(JsonParser p, JsonToken start) {
        expectObject(start, "'page'");
        String url = null;
        String path = null;
        String referrer = null;
        String title = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "url" -> url = string(p, token, field);
                case "path" -> path = string(p, token, field);
                case "referrer" -> referrer = string(p, token, field);
                case "title" -> title = string(p, token, field);
                default -> p.skipChildren();
            }
        }
        return new EventContext.Page(url, path, referrer, title);
    }

    private EventContext.Campaign campaign(JsonParser p, JsonToken start) {
        expectObject(start, "'campaign'");
        String name = null;
        String source = null;
        String medium = null;
        String term = null;
        String content = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "name" -> name = repeated(p, token, field);
                case "source" -> source = repeated(p, token, field);
                case "medium" -> medium = repeated(p, token, field);
                case "term" -> term = string(p, token, field);
                case "content" -> content = string(p, token, field);
                default -> p.skipChildren();
            }
        }
        return new EventContext.Campaign(name, source, medium, term, content);
    }

    private EventContext.Library library(JsonParser p, JsonToken start) {
        expectObject(start, "'library'");
        String name = null;
        String version = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "name" -> name = repeated(p, token, field);
                case "version" -> version = repeated(p, token, field);
                default -> p.skipChildren();
            }
        }
        return new EventContext.Library(name, version);
    }

    private Enrichments enrichments(JsonParser p, JsonToken start) {
        expectObject(start, "'enrichments'");
        Instant derivedTimestamp = null;
        boolean future = false;
        boolean late = false;
        Enrichments.Geo geo = null;
        Enrichments.Device device = null;
        Enrichments.PageUrl page = null;
        EventContext.Campaign campaign = null;
        String referrerClass = null;
        Map<String, String> reference = null;
        boolean partial = false;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            if (counting && !COUNTED_ENRICHMENTS.contains(field)) {
                p.skipChildren();
                continue;
            }
            switch (field) {
                case "derivedTimestamp" -> derivedTimestamp = instant(p, token);
                case "future" -> future = bool(token, field);
                case "late" -> late = bool(token, field);
                case "geo" -> geo = token == JsonToken.VALUE_NULL ? null : geo(p, token);
                case "device" -> device = token == JsonToken.VALUE_NULL ? null : device(p, token);
                case "page" -> page = token == JsonToken.VALUE_NULL ? null : pageUrl(p, token);
                case "campaign" -> campaign = token == JsonToken.VALUE_NULL ? null : campaign(p, token);
                case "referrerClass" -> referrerClass = repeated(p, token, field);
                case "reference" -> reference = strings(p, token, field);
                case "partial" -> partial = bool(token, field);
                default -> p.skipChildren();
            }
        }
        return new Enrichments(derivedTimestamp, future, late, geo, device, page, campaign, referrerClass, reference,
                partial);
    }

    private Enrichments.Geo geo(JsonParser p, JsonToken start) {
        expectObject(start, "'geo'");
        String country = null;
        String region = null;
        String city = null;
        Long asn = null;
        String asOrganization = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "country" -> country = repeated(p, token, field);
                case "region" -> region = repeated(p, token, field);
                case "city" -> city = repeated(p, token, field);
                case "asn" -> asn = token == JsonToken.VALUE_NULL ? null : longValue(p, token, field);
                case "asOrganization" -> asOrganization = repeated(p, token, field);
                default -> p.skipChildren();
            }
        }
        return new Enrichments.Geo(country, region, city, asn, asOrganization);
    }

    private Enrichments.Device device(JsonParser p, JsonToken start) {
        expectObject(start, "'device'");
        String browser = null;
        String browserVersion = null;
        String os = null;
        String osVersion = null;
        String deviceClass = null;
        boolean bot = false;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "browser" -> browser = repeated(p, token, field);
                case "browserVersion" -> browserVersion = repeated(p, token, field);
                case "os" -> os = repeated(p, token, field);
                case "osVersion" -> osVersion = repeated(p, token, field);
                case "deviceClass" -> deviceClass = repeated(p, token, field);
                case "bot" -> bot = bool(token, field);
                default -> p.skipChildren();
            }
        }
        return new Enrichments.Device(browser, browserVersion, os, osVersion, deviceClass, bot);
    }

    private Enrichments.PageUrl pageUrl(JsonParser p, JsonToken start) {
        expectObject(start, "'page'");
        String host = null;
        String path = null;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "host" -> host = repeated(p, token, field);
                case "path" -> path = string(p, token, field);
                default -> p.skipChildren();
            }
        }
        return new Enrichments.PageUrl(host, path);
    }

    private EventType type(JsonParser p, JsonToken token) {
        String text = repeated(p, token, "type");
        EventType type = text == null ? null : EventType.ofWireName(text);
        if (text != null && type == null) {
            throw new EventFormatException("'type' must be one of track, page, screen, identify, group, alias; got \""
                    + text + "\"", null);
        }
        return type;
    }

    /** As {@link #string}, for a field whose values repeat from event to event: the same text, the same string. */
    private String repeated(JsonParser p, JsonToken token, String field) {
        return token == JsonToken.VALUE_STRING ? repeatedText.of(p) : string(p, token, field);
    }

    /** A string field: its text, the text of any other scalar, or null. */
    private static String string(JsonParser p, JsonToken token, String field) {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getString();
            case VALUE_NULL -> null;
            default -> throw new EventFormatException("'" + field + "' must be a string, not " + kind(token), null);
        };
    }

    private Instant instant(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            // read from the parser's buffer: the canonical form needs no string of its own
            Instant fast = InstantText.parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
            if (fast != null) {
                return fast;
            }
        }
        return instants.readValue(p);
    }

    private static int integer(JsonParser p, JsonToken token, String field) {
        return switch (token) {
            case VALUE_NUMBER_INT -> p.getIntValue();
            case VALUE_NULL -> 0;
            default -> throw new EventFormatException("'" + field + "' must be an integer, not " + kind(token), null);
        };
    }

    private static long longValue(JsonParser p, JsonToken token, String field) {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new EventFormatException("'" + field + "' must be an integer, not " + kind(token), null);
        }
        return p.getLongValue();
    }

    private static boolean bool(JsonToken token, String field) {
        return switch (token) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw new EventFormatException("'" + field + "' must be true or false, not " + kind(token), null);
        };
    }

    /** A free-form object such as {@code properties}: nested objects as maps, arrays as lists, numbers as read. */
    private static Map<String, Object> object(JsonParser p, JsonToken token, String field) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(token, "'" + field + "'");
        return members(p);
    }

    private static Map<String, Object> members(JsonParser p) {
        Map<String, Object> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextName()) != null) {
            map.put(name, value(p, p.nextToken()));
        }
        return map;
    }

    private static Object value(JsonParser p, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> members(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, element));
                }
                yield list;
            }
            default -> throw new EventFormatException("unexpected " + token, null);
        };
    }

    private static Map<String, String> strings(JsonParser p, JsonToken token, String field) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(token, "'" + field + "'");
        Map<String, String> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextName()) != null) {
            map.put(name, string(p, p.nextToken(), name));
        }
        return map;
    }

    private static void expectObject(JsonToken token, String what) {
        if (token != JsonToken.START_OBJECT) {
            throw new EventFormatException(what + " must be a JSON object, not " + kind(token), null);
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    // ---- writing: the fields in declaration order, nulls left out (as databind wrote them) ------------------------

    void write(JsonGenerator g, EnrichedEvent enriched) {
        g.writeStartObject();
        g.writeName(Name.SCHEMA_VERSION);
        g.writeNumber(enriched.schemaVersion());
        if (enriched.event() != null) {
            g.writeName(Name.EVENT);
            write(g, enriched.event());
        }
        instant(g, Name.PROCESSED_AT, enriched.processedAt());
        Enrichments e = enriched.enrichments();
        if (e != null) {
            g.writeName(Name.ENRICHMENTS);
            g.writeStartObject();
            instant(g, Name.DERIVED_TIMESTAMP, e.derivedTimestamp());
            g.writeName(Name.FUTURE);
            g.writeBoolean(e.future());
            g.writeName(Name.LATE);
            g.writeBoolean(e.late());
            if (e.geo() != null) {
                Enrichments.Geo geo = e.geo();
                g.writeName(Name.GEO);
                g.writeStartObject();
                string(g, Name.COUNTRY, geo.country());
                string(g, Name.REGION, geo.region());
                string(g, Name.CITY, geo.city());
                if (geo.asn() != null) {
                    g.writeName(Name.ASN);
                    g.writeNumber(geo.asn().longValue());
                }
                string(g, Name.AS_ORGANIZATION, geo.asOrganization());
                g.writeEndObject();
            }
            if (e.device() != null) {
                Enrichments.Device device = e.device();
                g.writeName(Name.DEVICE);
                g.writeStartObject();
                string(g, Name.BROWSER, device.browser());
                string(g, Name.BROWSER_VERSION, device.browserVersion());
                string(g, Name.OS, device.os());
                string(g, Name.OS_VERSION, device.osVersion());
                string(g, Name.DEVICE_CLASS, device.deviceClass());
                g.writeName(Name.BOT);
                g.writeBoolean(device.bot());
                g.writeEndObject();
            }
            if (e.page() != null) {
                g.writeName(Name.PAGE);
                g.writeStartObject();
                string(g, Name.HOST, e.page().host());
                string(g, Name.PATH, e.page().path());
                g.writeEndObject();
            }
            campaign(g, e.campaign());
            string(g, Name.REFERRER_CLASS, e.referrerClass());
            if (e.reference() != null) {
                g.writeName(Name.REFERENCE);
                value(g, e.reference());
            }
            g.writeName(Name.PARTIAL);
            g.writeBoolean(e.partial());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    void write(JsonGenerator g, RawEvent event) {
        g.writeStartObject();
        string(g, Name.TENANT, event.tenant());
        if (event.type() != null) {
            g.writeName(Name.TYPE);
            g.writeString(event.type().wireName());
        }
        string(g, Name.EVENT, event.event());
        string(g, Name.NAME, event.name());
        string(g, Name.USER_ID, event.userId());
        string(g, Name.ANONYMOUS_ID, event.anonymousId());
        string(g, Name.MESSAGE_ID, event.messageId());
        instant(g, Name.TIMESTAMP, event.timestamp());
        instant(g, Name.SENT_AT, event.sentAt());
        instant(g, Name.RECEIVED_AT, event.receivedAt());
        if (event.properties() != null) {
            g.writeName(Name.PROPERTIES);
            value(g, event.properties());
        }
        if (event.traits() != null) {
            g.writeName(Name.TRAITS);
            value(g, event.traits());
        }
        EventContext context = event.context();
        if (context != null) {
            g.writeName(Name.CONTEXT);
            g.writeStartObject();
            string(g, Name.IP, context.ip());
            string(g, Name.USER_AGENT, context.userAgent());
            if (context.page() != null) {
                EventContext.Page page = context.page();
                g.writeName(Name.PAGE);
                g.writeStartObject();
                string(g, Name.URL, page.url());
                string(g, Name.PATH, page.path());
                string(g, Name.REFERRER, page.referrer());
                string(g, Name.TITLE, page.title());
                g.writeEndObject();
            }
            campaign(g, context.campaign());
            if (context.library() != null) {
                g.writeName(Name.LIBRARY);
                g.writeStartObject();
                string(g, Name.NAME, context.library().name());
                string(g, Name.VERSION, context.library().version());
                g.writeEndObject();
            }
            string(g, Name.LOCALE, context.locale());
            g.writeEndObject();
        }
        string(g, Name.GROUP_ID, event.groupId());
        string(g, Name.PREVIOUS_ID, event.previousId());
        g.writeEndObject();
    }

    private static void campaign(JsonGenerator g, EventContext.Campaign campaign) {
        if (campaign == null) {
            return;
        }
        g.writeName(Name.CAMPAIGN);
        g.writeStartObject();
        string(g, Name.NAME, campaign.name());
        string(g, Name.SOURCE, campaign.source());
        string(g, Name.MEDIUM, campaign.medium());
        string(g, Name.TERM, campaign.term());
        string(g, Name.CONTENT, campaign.content());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializableString name, String value) {
        if (value != null) {
            g.writeName(name);
            g.writeString(value);
        }
    }

    private static void instant(JsonGenerator g, SerializableString name, Instant value) {
        if (value != null) {
            g.writeName(name);
            g.writeString(InstantText.format(value));
        }
    }

    /** A free-form value; inside maps and lists nulls are kept, as they were read. */
    static void value(JsonGenerator g, Object value) {
        switch (value) {
            case null -> g.writeNull();
            case String text -> g.writeString(text);
            case Integer number -> g.writeNumber(number.intValue());
            case Long number -> g.writeNumber(number.longValue());
            case Double number -> g.writeNumber(number.doubleValue());
            case Boolean flag -> g.writeBoolean(flag);
            case BigDecimal number -> g.writeNumber(number);
            case BigInteger number -> g.writeNumber(number);
            case Float number -> g.writeNumber(number.floatValue());
            case Short number -> g.writeNumber(number.shortValue());
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    g.writeName(String.valueOf(entry.getKey()));
                    value(g, entry.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> list -> {
                g.writeStartArray();
                for (Object element : list) {
                    value(g, element);
                }
                g.writeEndArray();
            }
            // nothing else comes out of a JSON decode or an enricher; a caller's own type is kept as its text
            default -> g.writeString(value.toString());
        }
    }

    /**
     * The field names, encoded once, as databind keeps its property names: a {@code String} name is checked for
     * escapes and encoded again on every write (about 5 % of writing an event, {@code EnrichmentChainBenchmark}).
     */
    private static final class Name {

        static final SerializableString ANONYMOUS_ID = new SerializedString("anonymousId");
        static final SerializableString ASN = new SerializedString("asn");
        static final SerializableString AS_ORGANIZATION = new SerializedString("asOrganization");
        static final SerializableString BOT = new SerializedString("bot");
        static final SerializableString BROWSER = new SerializedString("browser");
        static final SerializableString BROWSER_VERSION = new SerializedString("browserVersion");
        static final SerializableString CAMPAIGN = new SerializedString("campaign");
        static final SerializableString CITY = new SerializedString("city");
        static final SerializableString CONTENT = new SerializedString("content");
        static final SerializableString CONTEXT = new SerializedString("context");
        static final SerializableString COUNTRY = new SerializedString("country");
        static final SerializableString DERIVED_TIMESTAMP = new SerializedString("derivedTimestamp");
        static final SerializableString DEVICE = new SerializedString("device");
        static final SerializableString DEVICE_CLASS = new SerializedString("deviceClass");
        static final SerializableString ENRICHMENTS = new SerializedString("enrichments");
        static final SerializableString EVENT = new SerializedString("event");
        static final SerializableString FUTURE = new SerializedString("future");
        static final SerializableString GEO = new SerializedString("geo");
        static final SerializableString GROUP_ID = new SerializedString("groupId");
        static final SerializableString HOST = new SerializedString("host");
        static final SerializableString IP = new SerializedString("ip");
        static final SerializableString LATE = new SerializedString("late");
        static final SerializableString LIBRARY = new SerializedString("library");
        static final SerializableString LOCALE = new SerializedString("locale");
        static final SerializableString MEDIUM = new SerializedString("medium");
        static final SerializableString MESSAGE_ID = new SerializedString("messageId");
        static final SerializableString NAME = new SerializedString("name");
        static final SerializableString OS = new SerializedString("os");
        static final SerializableString OS_VERSION = new SerializedString("osVersion");
        static final SerializableString PAGE = new SerializedString("page");
        static final SerializableString PARTIAL = new SerializedString("partial");
        static final SerializableString PATH = new SerializedString("path");
        static final SerializableString PREVIOUS_ID = new SerializedString("previousId");
        static final SerializableString PROCESSED_AT = new SerializedString("processedAt");
        static final SerializableString PROPERTIES = new SerializedString("properties");
        static final SerializableString RECEIVED_AT = new SerializedString("receivedAt");
        static final SerializableString REFERENCE = new SerializedString("reference");
        static final SerializableString REFERRER = new SerializedString("referrer");
        static final SerializableString REFERRER_CLASS = new SerializedString("referrerClass");
        static final SerializableString REGION = new SerializedString("region");
        static final SerializableString SCHEMA_VERSION = new SerializedString("schemaVersion");
        static final SerializableString SENT_AT = new SerializedString("sentAt");
        static final SerializableString SOURCE = new SerializedString("source");
        static final SerializableString TENANT = new SerializedString("tenant");
        static final SerializableString TERM = new SerializedString("term");
        static final SerializableString TIMESTAMP = new SerializedString("timestamp");
        static final SerializableString TITLE = new SerializedString("title");
        static final SerializableString TRAITS = new SerializedString("traits");
        static final SerializableString TYPE = new SerializedString("type");
        static final SerializableString URL = new SerializedString("url");
        static final SerializableString USER_AGENT = new SerializedString("userAgent");
        static final SerializableString USER_ID = new SerializedString("userId");
        static final SerializableString VERSION = new SerializedString("version");

        private Name() {
        }
    }
}
