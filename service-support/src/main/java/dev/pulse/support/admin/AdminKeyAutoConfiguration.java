package dev.pulse.support.admin;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/** The {@link AdminKey} every service checks its management endpoints with. */
@AutoConfiguration
@EnableConfigurationProperties(AdminProperties.class)
public class AdminKeyAutoConfiguration {

    /** The guard of admin endpoints and its 401 answer, where there is a web stack to give it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @Import(AdminKeyProblems.class)
    static class AdminKeyProblemsConfiguration {

        @Bean
        AdminEndpointsCheck adminEndpointsCheck(List<RequestMappingHandlerMapping> mappings) {
            return new AdminEndpointsCheck(mappings);
        }
    }

    @Bean
    AdminKey adminKey(AdminProperties properties) {
        return new AdminKey(properties);
    }
}
