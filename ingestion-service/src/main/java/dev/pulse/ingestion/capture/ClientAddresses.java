package dev.pulse.ingestion.capture;

import java.util.Set;

/**
 * The client's IP address. {@code X-Forwarded-For} is believed only when the direct peer is a configured trusted
 * proxy, and then the client is the right-most address that is not itself a trusted proxy: addresses further left
 * were written by the client and prove nothing.
 */
final class ClientAddresses {

    private ClientAddresses() {
    }

    static String clientIp(String peer, String forwardedFor, Set<String> trustedProxies) {
        if (peer == null || forwardedFor == null || forwardedFor.isBlank() || !trustedProxies.contains(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
