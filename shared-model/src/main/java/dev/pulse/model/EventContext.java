package dev.pulse.model;

/**
 * The Segment {@code context} object, reduced to the fields Pulse reads. Unknown context fields are ignored.
 *
 * @param ip client IP as sent, or as derived by ingestion from the connection
 * @param userAgent client user agent string
 * @param page the page the event happened on
 * @param campaign UTM campaign as sent by the client
 * @param library the SDK that sent the event
 * @param locale client locale, such as {@code en-US}
 */
public record EventContext(String ip, String userAgent, Page page, Campaign campaign, Library library, String locale) {

    public static final EventContext EMPTY = new EventContext(null, null, null, null, null, null);

    public EventContext withIp(String newIp) {
        return new EventContext(newIp, userAgent, page, campaign, library, locale);
    }

    public EventContext withUserAgent(String newUserAgent) {
        return new EventContext(ip, newUserAgent, page, campaign, library, locale);
    }

    public record Page(String url, String path, String referrer, String title) {
    }

    public record Campaign(String name, String source, String medium, String term, String content) {
    }

    public record Library(String name, String version) {
    }
}
