package dev.pulse.ingestion.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private static final Set<String> PROXIES = Set.of("10.0.0.1", "10.0.0.2");

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        assertThat(ClientAddresses.clientIp("198.51.100.7", "1.2.3.4", PROXIES)).isEqualTo("198.51.100.7");
    }

    @Test
    void clientIsTheRightMostAddressThatIsNotATrustedProxy() {
        assertThat(ClientAddresses.clientIp("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", PROXIES)).isEqualTo("203.0.113.9");
    }

    @Test
    void peerIsKeptWhenEveryHopIsAProxyOrTheHeaderIsMissing() {
        assertThat(ClientAddresses.clientIp("10.0.0.1", "10.0.0.2", PROXIES)).isEqualTo("10.0.0.1");
        assertThat(ClientAddresses.clientIp("10.0.0.1", null, PROXIES)).isEqualTo("10.0.0.1");
    }
}
