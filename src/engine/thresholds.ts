/**
 * Shares of a target at which a running metric changes state. Dependency-free, so the SLA panel's live
 * countdown (static/sla-panel) shares the engine's threshold instead of repeating it.
 */

/** A running metric is at risk from this share of its target on (inclusive): 75 % used of 4h is at 3h. */
export const AT_RISK_PERCENT = 75;
