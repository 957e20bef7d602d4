package dev.pulse.support.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of management endpoints (paths under {@code /admin/}): every request to it needs the admin key,
 * checked before anything else of the request is read. Only marked controllers pay for the check, and a service with
 * an {@code /admin/} mapping on an unmarked controller does not start ({@link AdminEndpointsCheck}).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface AdminEndpoints {
}
