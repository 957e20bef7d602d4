package dev.pulse.support.admin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@link AdminKey} every service checks its management endpoints with. */
@AutoConfiguration
@EnableConfigurationProperties(AdminProperties.class)
public class AdminKeyAutoConfiguration {

    /** The 401 answer of admin endpoints, where there is a web stack to give it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @Import(AdminKeyProblems.class)
    static class AdminKeyProblemsConfiguration {
    }

    @Bean
    AdminKey adminKey(AdminProperties properties) {
        return new AdminKey(properties);
    }
}
