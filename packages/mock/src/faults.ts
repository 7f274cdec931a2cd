import { type ProblemFields, problemLabel } from "./problem";

/** Which requests a fault acts on. Every field narrows; none given: every request. */
export interface FaultMatch {
  /** HTTP method, any case. Default: any. */
  method?: string;
  /**
   * The path below the base URL (`/v1/profiles`): exact, with `:param` segments and `*` segments
   * (any rest), or a RegExp tested against the path. Default: any.
   */
  path?: string | RegExp;
  /** How many matching requests it acts on before it stops. Default: all, until `clear()` or `reset()`. */
  times?: number;
}

/** A forced problem: an `application/problem+json` answer in the server's shape. */
export interface StatusFault extends FaultMatch, ProblemFields {}

export type FaultKind = "latency" | "status" | "network-error";

export interface FaultRule {
  readonly kind: FaultKind;
  /** How many more requests it acts on; undefined: no limit. */
  readonly remaining: number | undefined;
  /** How many requests it has acted on. */
  readonly hits: number;
  /** Stops it now. */
  remove(): void;
}

export interface MockFaults {
  /** Delays matching responses by `ms` (added to any other latency that matches). */
  latency(ms: number, match?: FaultMatch): FaultRule;
  /** Answers matching requests with a problem of this status instead of serving them. */
  status(status: number, fault?: StatusFault): FaultRule;
  /** Fails matching requests as the network would: `fetch` rejects. */
  networkError(match?: FaultMatch): FaultRule;
  /** The rules still in force, oldest first. */
  readonly rules: readonly FaultRule[];
  /** Removes every rule. */
  clear(): void;
}

/** What the handler does with one request: wait, then answer with a fault or serve it. */
export interface FaultDecision {
  delayMs: number;
  answer: { kind: "network-error" } | { kind: "status"; status: number; fault: StatusFault } | undefined;
}

class Rule implements FaultRule {
  hits = 0;
  remaining: number | undefined;
  readonly #method: string | undefined;
  readonly #path: (path: string) => boolean;

  constructor(
    readonly kind: FaultKind,
    match: FaultMatch,
    readonly action: { delayMs: number } | { status: number; fault: StatusFault } | undefined,
    readonly remove: () => void,
  ) {
    if (match.times !== undefined && !(Number.isInteger(match.times) && match.times > 0)) {
      throw new TypeError("A fault's `times` must be a positive integer.");
    }
    this.remaining = match.times;
    this.#method = match.method?.toUpperCase();
    this.#path = pathMatcher(match.path);
  }

  matches(method: string, path: string): boolean {
    return (this.#method === undefined || this.#method === method) && this.#path(path);
  }

  consume(): void {
    this.hits += 1;
    if (this.remaining !== undefined) {
      this.remaining -= 1;
      if (this.remaining === 0) this.remove();
    }
  }
}

export class Faults implements MockFaults {
  #rules: Rule[] = [];

  get rules(): readonly FaultRule[] {
    return [...this.#rules];
  }

  latency(ms: number, match: FaultMatch = {}): FaultRule {
    if (!(ms >= 0)) throw new TypeError("Latency must be a number of milliseconds, 0 or more.");
    return this.#add("latency", match, { delayMs: ms });
  }

  status(status: number, fault: StatusFault = {}): FaultRule {
    if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
      throw new TypeError("A forced status must be an error status, 400 to 599.");
    }
    problemLabel(status, fault);
    return this.#add("status", fault, { status, fault });
  }

  networkError(match: FaultMatch = {}): FaultRule {
    return this.#add("network-error", match, undefined);
  }

  clear(): void {
    this.#rules = [];
  }

  /**
   * Every matching latency rule acts (their delays add up); of the rules that answer,
   * only the oldest matching one acts, so a later rule keeps its count for later requests.
   */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, answer: undefined };
    for (const rule of this.#rules.filter((r) => r.matches(method, path))) {
      if (rule.kind === "latency") {
        decision.delayMs += (rule.action as { delayMs: number }).delayMs;
      } else if (decision.answer) {
        continue;
      } else if (rule.kind === "network-error") {
        decision.answer = { kind: "network-error" };
      } else {
        decision.answer = { kind: "status", ...(rule.action as { status: number; fault: StatusFault }) };
      }
      rule.consume();
    }
    return decision;
  }

  #add(kind: FaultKind, match: FaultMatch, action: Rule["action"]): FaultRule {
    const rule: Rule = new Rule(kind, match, action, () => {
      this.#rules = this.#rules.filter((r) => r !== rule);
    });
    this.#rules.push(rule);
    return rule;
  }
}

function pathMatcher(path: string | RegExp | undefined): (path: string) => boolean {
  if (path === undefined) return () => true;
  if (path instanceof RegExp) {
    const re = new RegExp(path.source, path.flags.replace(/[gy]/g, ""));
    return (p) => re.test(p);
  }
  const source = path
    .split("/")
    .map((segment) => {
      if (segment === "*") return ".*";
      if (segment.startsWith(":")) return "[^/]+";
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  const re = new RegExp(`^${source}$`);
  return (p) => re.test(p);
}
