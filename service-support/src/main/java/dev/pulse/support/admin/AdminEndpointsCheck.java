package dev.pulse.support.admin;

import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Fails the start-up when a handler under {@code /admin/} sits on a controller without {@link AdminEndpoints}, which
 * would leave it open to anyone.
 */
class AdminEndpointsCheck implements SmartInitializingSingleton {

    private final List<RequestMappingHandlerMapping> mappings;

    AdminEndpointsCheck(List<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> unguarded = mappings.stream()
                .flatMap(mapping -> mapping.getHandlerMethods().entrySet().stream())
                .filter(entry -> entry.getKey().getPatternsCondition().getPatterns().stream()
                        .map(PathPattern::getPatternString).anyMatch(pattern -> pattern.startsWith("/admin/")))
                .filter(entry -> !AnnotatedElementUtils.hasAnnotation(entry.getValue().getBeanType(), AdminEndpoints.class))
                .map(entry -> entry.getValue().getShortLogMessage())
                .toList();
        if (!unguarded.isEmpty()) {
            throw new IllegalStateException("admin endpoints on controllers without @AdminEndpoints, which would leave "
                    + "them open without the admin key: " + unguarded);
        }
    }
}
