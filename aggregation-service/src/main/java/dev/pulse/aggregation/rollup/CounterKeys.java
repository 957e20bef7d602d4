package dev.pulse.aggregation.rollup;

import dev.pulse.model.EventKeys;

/** Redis keys of the event counters. Each carries its tenant's hash tag, so a tenant's keys share one slot. */
final class CounterKeys {

    private CounterKeys() {
    }

    /** Hash of all-time counts per event name, for one tenant. */
    static String totals(String tenant) {
        return "pulse:" + EventKeys.tenantTag(tenant) + ":counts";
    }
}
