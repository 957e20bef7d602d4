package dev.pulse.enrichment.enrich;

import dev.pulse.model.Enrichments.PageUrl;
import dev.pulse.model.EventContext;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The page an event happened on: its URL taken apart, the campaign its {@code utm_*} parameters name, and where the
 * visit came from (the referrer's class).
 *
 * @param url host and path of the page URL; null without a parsable URL
 * @param campaign the {@code utm_*} campaign of the URL; null when the URL names none
 * @param referrerClass search, social, email, internal, direct or other
 */
record PageAnalysis(PageUrl url, EventContext.Campaign campaign, String referrerClass) {

    private static final Set<String> SEARCH = Set.of("google", "bing", "duckduckgo", "yahoo", "baidu", "yandex",
            "ecosia", "qwant", "startpage", "search.brave");
    private static final Set<String> SOCIAL = Set.of("facebook", "t.co", "twitter", "x.com", "linkedin", "lnkd.in",
            "instagram", "reddit", "youtube", "tiktok", "pinterest", "mastodon", "threads.net", "news.ycombinator");
    private static final Set<String> EMAIL = Set.of("mail.", "outlook.", "webmail", "proton.me", "gmx.", "mail.yahoo");

    static PageAnalysis of(EventContext.Page page) {
        if (page == null) {
            return new PageAnalysis(null, null, "direct");
        }
        URI url = uri(page.url());
        PageUrl pageUrl = url == null || url.getHost() == null ? null
                : new PageUrl(url.getHost().toLowerCase(Locale.ROOT),
                        url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getPath());
        Map<String, String> query = url == null ? Map.of() : query(url.getRawQuery());
        EventContext.Campaign campaign = query.keySet().stream().anyMatch(key -> key.startsWith("utm_"))
                ? new EventContext.Campaign(query.get("utm_campaign"), query.get("utm_source"), query.get("utm_medium"),
                        query.get("utm_term"), query.get("utm_content"))
                : null;
        return new PageAnalysis(pageUrl, campaign, referrerClass(page.referrer(), pageUrl, campaign));
    }

    private static String referrerClass(String referrer, PageUrl page, EventContext.Campaign campaign) {
        if (campaign != null && "email".equalsIgnoreCase(campaign.medium())) {
            return "email";
        }
        URI uri = uri(referrer);
        if (uri == null || uri.getHost() == null) {
            return referrer == null || referrer.isBlank() ? "direct" : "other";
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (page != null && (host.equals(page.host()) || sameSite(host, page.host()))) {
            return "internal";
        }
        if (matches(host, EMAIL)) {
            return "email";
        }
        if (matches(host, SEARCH)) {
            return "search";
        }
        if (matches(host, SOCIAL)) {
            return "social";
        }
        return "other";
    }

    private static boolean matches(String host, Set<String> names) {
        String bare = host.startsWith("www.") ? host.substring(4) : host;
        for (String name : names) {
            if (name.endsWith(".") ? bare.startsWith(name) : bare.equals(name) || bare.startsWith(name + ".")
                    || bare.contains("." + name + ".") || bare.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether two hosts share their registrable part, taken as the last two labels (shop.a.com and a.com). */
    private static boolean sameSite(String one, String other) {
        return site(one).equals(site(other));
    }

    private static String site(String host) {
        int last = host.lastIndexOf('.');
        int previous = last <= 0 ? -1 : host.lastIndexOf('.', last - 1);
        return previous < 0 ? host : host.substring(previous + 1);
    }

    private static URI uri(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return URI.create(text.strip());
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            catch (IllegalArgumentException ex) {
                // a malformed escape leaves that parameter out
            }
        }
        return parameters;
    }
}
