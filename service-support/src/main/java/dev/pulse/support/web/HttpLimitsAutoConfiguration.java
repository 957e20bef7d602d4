package dev.pulse.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The time limits of {@link HttpLimitsProperties}: the idle limit on every service's HTTP server, the body limits
 * for the services that read bodies from the public (ingestion applies them where it reads a body).
 * <p>
 * Reactor Netty's own read and request timeouts are not used: they also cut a WebSocket (ingestion's
 * {@code /v1/stream}) that is quiet for longer than the limit, so the body limits are applied to request bodies only.
 */
@AutoConfiguration
@ConditionalOnClass(NettyServerCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(HttpLimitsProperties.class)
public class HttpLimitsAutoConfiguration {

    @Bean
    NettyServerCustomizer pulseIdleTimeout(HttpLimitsProperties limits) {
        return server -> server.idleTimeout(limits.idleTimeout());
    }
}
