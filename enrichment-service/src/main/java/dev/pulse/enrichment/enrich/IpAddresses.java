package dev.pulse.enrichment.enrich;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** IP address literals: parsed without any DNS lookup, and anonymised to their network. */
final class IpAddresses {

    private IpAddresses() {
    }

    /** The address of a literal, or null when the text is no IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String literal = text.strip();
        try {
            // the family is chosen first: InetAddress.ofLiteral tries IPv4 and throws for every IPv6 literal
            return literal.indexOf(':') >= 0 ? Inet6Address.ofLiteral(literal) : Inet4Address.ofLiteral(literal);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** The network of an address: IPv4 /24 (last octet zeroed), IPv6 /48; null when the text is no address. */
    static String anonymize(String text) {
        InetAddress address = parse(text);
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int keep = address instanceof Inet4Address ? 3 : 6;
        for (int i = keep; i < bytes.length; i++) {
            bytes[i] = 0;
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        }
        catch (java.net.UnknownHostException ex) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", ex);
        }
    }
}
