/**
 * Fault injection settings and the seeded random source behind them, so a given seed produces the same
 * 429s, 5xx responses, latencies, duplicated and reordered events on every run.
 */
import type { RateLimitSettings } from './rate-limit';

export interface FaultSettings {
  /** share of Jira requests answered with a 5xx (0..1) */
  failRate?: number;
  /** share of Jira requests answered with 429 Too Many Requests and a Retry-After header (0..1) */
  status429Rate?: number;
  /** Retry-After seconds sent with injected 429s (default 1) */
  retryAfterSeconds?: number;
  /** each Jira response is delayed by a uniformly random 0..latencyMs milliseconds (real time) */
  latencyMs?: number;
  /** share of product events never delivered (0..1): a lost event, which only the sweep repairs */
  dropEvents?: number;
  /** share of product events delivered twice (0..1) */
  duplicateEvents?: number;
  /** shuffle each batch of product events before delivery */
  reorderEvents?: boolean;
  /**
   * Largest page `search/jql` answers when fields beyond `id`/`key` are requested (default 100). Jira documents
   * that it "may return fewer items per page where a large number of fields are requested": clients must follow
   * `nextPageToken` even when they asked for no more than one page.
   */
  fullFieldsPageLimit?: number;
  /**
   * Jira's rate limits (points per hour, per-issue writes; see ./rate-limit), answered with 429 and Retry-After.
   * Absent = not metered.
   */
  rateLimit?: RateLimitSettings;
  /** seed of the random source (default 1) */
  seed?: number;
}

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Current fault settings with independent random streams for Jira requests and for event delivery. */
export class Faults {
  settings: FaultSettings = {};
  requestRandom: () => number = seededRandom(1);
  eventRandom: () => number = seededRandom(1 ^ 0x9e3779b9);

  set(f: FaultSettings): void {
    this.settings = { ...this.settings, ...f };
    const seed = this.settings.seed ?? 1;
    this.requestRandom = seededRandom(seed);
    this.eventRandom = seededRandom(seed ^ 0x9e3779b9);
  }

  clear(): void {
    this.settings = {};
    this.requestRandom = seededRandom(1);
    this.eventRandom = seededRandom(1 ^ 0x9e3779b9);
  }

  /** What happens to the next Jira request: a fault status (with Retry-After for 429) and a delay. */
  nextRequestFault(): { status: number | null; retryAfter: number | null; delayMs: number } {
    const s = this.settings;
    const r = this.requestRandom();
    const r429 = s.status429Rate ?? 0;
    const r5xx = s.failRate ?? 0;
    const delayMs = s.latencyMs ? Math.floor(this.requestRandom() * s.latencyMs) : 0;
    if (r < r429) return { status: 429, retryAfter: s.retryAfterSeconds ?? 1, delayMs };
    if (r < r429 + r5xx) return { status: r < r429 + r5xx / 2 ? 503 : 500, retryAfter: null, delayMs };
    return { status: null, retryAfter: null, delayMs };
  }

  /** Applies duplicate and reorder faults to a batch of events (deterministic for the seed). */
  shapeEvents<T>(events: T[]): T[] {
    const s = this.settings;
    let out = events;
    if (s.dropEvents) out = out.filter(() => this.eventRandom() >= s.dropEvents!);
    if (s.duplicateEvents) {
      const kept = out;
      out = [];
      for (const e of kept) {
        out.push(e);
        if (this.eventRandom() < s.duplicateEvents) out.push(e);
      }
    }
    if (s.reorderEvents) {
      out = out.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(this.eventRandom() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
    }
    return out;
  }
}
