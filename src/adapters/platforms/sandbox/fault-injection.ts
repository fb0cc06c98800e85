/**
 * Faults a fake server can inject into one endpoint's next calls. `afterHandling` lets the request take
 * effect first (the article is published, the post is made) and only then spoils the response — the case
 * where the caller cannot know whether its call went through.
 */
export type Fault =
  /** Wait before answering; with afterHandling the work is done first, so a client timeout loses the reply. */
  | { readonly type: 'latency'; readonly ms: number; readonly afterHandling?: boolean }
  /**
   * Answer only once the client has given up (closed the connection), or when the fake closes: how a test makes
   * a client time out without racing its deadline against a fixed latency.
   */
  | { readonly type: 'hang'; readonly afterHandling?: boolean }
  /** An HTTP error status (5xx) with an HTML body, as a gateway in front of the platform would send. */
  | { readonly type: 'http_status'; readonly status: number; readonly afterHandling?: boolean }
  /** Destroy the socket without answering. */
  | { readonly type: 'drop_connection'; readonly afterHandling?: boolean }
  /** The platform's own error envelope with this code (WeChat errcode / Weibo error_code). */
  | { readonly type: 'error_code'; readonly code: number; readonly afterHandling?: boolean };

/** Once by default; `times` caps how often a rule fires; `probability` fires it by the injected random. */
export type RuleSchedule =
  { readonly times: number } | { readonly probability: number; readonly times?: number };

interface Rule<Value> {
  readonly key: string;
  readonly value: Value;
  readonly probability: number;
  remaining: number;
}

/** Values handed out per key ('*' matches every key) on a schedule; the first rule that fires wins. */
export class ScheduledRules<Key extends string, Value> {
  readonly #random: () => number;
  #rules: Rule<Value>[] = [];

  constructor(random: () => number) {
    this.#random = random;
  }

  add(key: Key | '*', value: Value, schedule: RuleSchedule = { times: 1 }): void {
    const probability = 'probability' in schedule ? schedule.probability : 1;
    const remaining = schedule.times ?? Number.POSITIVE_INFINITY;
    this.#rules.push({ key, value, probability, remaining });
  }

  /** The value for this call, consuming one use of the rule that fired. */
  take(key: string): Value | undefined {
    for (const rule of this.#rules) {
      if (rule.key !== '*' && rule.key !== key) continue;
      if (rule.probability < 1 && this.#random() >= rule.probability) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.#rules = this.#rules.filter((other) => other !== rule);
      return rule.value;
    }
    return undefined;
  }

  clear(): void {
    this.#rules = [];
  }
}

/** mulberry32: a tiny seeded generator, so probabilistic faults repeat exactly from run to run. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
