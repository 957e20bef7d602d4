package dev.pulse.support.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;

class AdminEndpointsTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AdminKeyAutoConfiguration.class))
            .withPropertyValues("pulse.admin.key=the-admin-key");

    @Test
    void aMarkedControllerNeedsTheAdminKeyBeforeItsArgumentsAreReadAndOthersDoNot() {
        runner.withUserConfiguration(Web.class, Tenants.class, Events.class).run(context -> {
            WebTestClient client = WebTestClient.bindToApplicationContext(context).build();

            // the path variable is not even parsed (no 400 for a non-number) before the key is checked
            client.get().uri("/admin/v1/tenants/not-a-number").exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulse-admin\"")
                    .expectBody().jsonPath("$.detail").isEqualTo("the admin key is required as a Bearer token");
            client.get().uri("/admin/v1/tenants/7").header(HttpHeaders.AUTHORIZATION, "Bearer wrong").exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.detail").isEqualTo("the admin key is wrong");
            client.get().uri("/admin/v1/tenants/7").header(HttpHeaders.AUTHORIZATION, "Bearer the-admin-key").exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).isEqualTo("tenant 7");

            client.get().uri("/v1/events").exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).isEqualTo("events");
        });
    }

    @Test
    void anAdminPathOnAnUnmarkedControllerStopsTheStartUp() {
        runner.withUserConfiguration(Web.class, Unmarked.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("admin endpoints on controllers without @AdminEndpoints")
                    .hasMessageContaining("Unmarked#leak");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    static class Web {
    }

    @AdminEndpoints
    @RestController
    static class Tenants {

        @GetMapping("/admin/v1/tenants/{id}")
        String tenant(@PathVariable long id) {
            return "tenant " + id;
        }
    }

    @RestController
    static class Events {

        @GetMapping("/v1/events")
        String events() {
            return "events";
        }
    }

    @RestController
    static class Unmarked {

        @GetMapping("/admin/v1/leak")
        String leak() {
            return "open to anyone";
        }
    }
}
