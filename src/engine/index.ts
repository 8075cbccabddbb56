/**
 * The public engine API: everything the CLI, the Forge adapters and the UI may import from `src/engine`.
 * Pure code only (see docs/architecture.md); instants are epoch milliseconds unless a type says ISO string.
 */
export * from './duration';
export * from './calendar-schema';
export * from './calendar';
export * from './build-calendar';
export * from './suggest';
export * from './policy-schema';
export * from './load-policy';
export * from './presets';
export * from './instant';
export * from './issue';
export * from './intervals';
export * from './classify';
export * from './plan';
export * from './clocks';
export * from './sla-rules';
export * from './escalation';
export * from './evaluate';
export * from './sla-fields';
export * from './entitlements-schema';
export * from './entitlements';
export * from './outcomes';
export * from './report-period';
export * from './report-month';
export * from './holidays';
export * from './holiday-list';
export * from './sample-issue';
export * from './directory-schema';
export * from './ladder-notices';
