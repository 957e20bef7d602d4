package dev.pulse.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why an event became a dead letter instead of an enriched record. */
public enum DeadLetterReason {
    /** The payload is not a well-formed event record. */
    @JsonProperty("parse_error") PARSE_ERROR,
    /** The event breaks its tenant's tracking plan. */
    @JsonProperty("schema_violation") SCHEMA_VIOLATION,
    /** The event names a tenant this deployment does not serve. */
    @JsonProperty("unknown_tenant") UNKNOWN_TENANT,
    /** The event exceeds a size limit. */
    @JsonProperty("too_large") TOO_LARGE,
    /** An enricher failed on the event. */
    @JsonProperty("enrichment_failure") ENRICHMENT_FAILURE
}
