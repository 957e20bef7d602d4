package dev.pulse.ingestion.capture;

import dev.pulse.ingestion.system.ErrorResponses;
import dev.pulse.ingestion.tenant.WriteKeys;
import dev.pulse.model.EventCodec;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mounts {@link CaptureStreamHandler} on {@code /v1/stream}. The handshake itself is refused with a 401 problem
 * detail when the write key is missing or unknown, before any upgrade; a frame may be as large as a request body.
 */
@Configuration(proxyBeanMethods = false)
class CaptureStreamConfiguration {

    @Bean
    HandlerMapping captureStreamMapping(CaptureStreamHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/v1/stream", handler), Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    WebFluxConfigurer captureStreamService(CaptureProperties properties, WriteKeys writeKeys, EventCodec codec) {
        int maxFrame = (int) properties.maxRequestSize().toBytes();
        var upgrade = new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame));
        WebSocketService service = new AuthenticatingHandshake(upgrade, writeKeys, codec.mapper());
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return service;
            }
        };
    }

    /** Checks the write key before upgrading, so a client without one gets a plain 401, not a closed socket. */
    private static final class AuthenticatingHandshake extends HandshakeWebSocketService {

        private final WriteKeys writeKeys;
        private final JsonMapper json;

        AuthenticatingHandshake(ReactorNettyRequestUpgradeStrategy upgrade, WriteKeys writeKeys, JsonMapper json) {
            super(upgrade);
            this.writeKeys = writeKeys;
            this.json = json;
        }

        @Override
        public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
            var request = exchange.getRequest();
            String authorization = CaptureStreamHandler.authorization(request.getHeaders(), request.getURI());
            return writeKeys.tenantOf(authorization, null)
                    .then(Mono.defer(() -> super.handleRequest(exchange, handler)))
                    .onErrorResume(ex -> exchange.getResponse().isCommitted() ? Mono.error(ex) : refuse(exchange, ex));
        }

        private Mono<Void> refuse(ServerWebExchange exchange, Throwable failure) {
            var answer = ErrorResponses.of(failure);
            var response = exchange.getResponse();
            response.setStatusCode(answer.getStatusCode());
            response.getHeaders().addAll(answer.getHeaders());
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            byte[] body = json.writeValueAsBytes(CaptureStreamHandler.problem(answer));
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        }
    }
}
