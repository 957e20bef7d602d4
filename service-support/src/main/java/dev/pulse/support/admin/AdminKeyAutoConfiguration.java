package dev.pulse.support.admin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@link AdminKey} every service checks its management endpoints with. */
@AutoConfiguration
@EnableConfigurationProperties(AdminProperties.class)
public class AdminKeyAutoConfiguration {

    @Bean
    AdminKey adminKey(AdminProperties properties) {
        return new AdminKey(properties);
    }
}
