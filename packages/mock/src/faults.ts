import type { Clock } from "@driftstack/server";
import { delay, getResponse, HttpHandler, HttpResponse } from "msw";
import { forcedProblem, type ProblemFields, problemLabel } from "./problem";

/** Which requests a fault acts on. Every field narrows; none given: every request. */
export interface FaultMatch {
  /** HTTP method, any case. Default: any. */
  method?: string;
  /**
   * The path below the base URL (`/v1/profiles`), in MSW's path syntax: `:param` segments and
   * `*` (any rest); or a RegExp tested against the path. Default: any.
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

/**
 * Requests are matched on this origin: a fault's path is the path below the mock's base URL,
 * whichever base URL the request came to.
 */
const ORIGIN = "http://driftstack-mock.invalid";

/** The path each matching request stands for, as the mock received it (see `matchable`). */
const requestPaths = new WeakMap<Request, string>();

/**
 * The path as MSW can match it. MSW decodes what a pattern captures and throws on an escape
 * that is not UTF-8 (`%zz`); such a path has its `%` escaped, so a pattern sees it literally
 * and a rule can still act on it instead of the request failing.
 */
function matchable(path: string): string {
  try {
    decodeURIComponent(path);
    return path;
  } catch {
    return path.replace(/%/g, "%25");
  }
}

/** A fault rule is an MSW handler run by the mock's catch-all handler, so MSW does the matching. */
class Rule implements FaultRule {
  hits = 0;
  remaining: number | undefined;
  readonly handler: HttpHandler;

  constructor(
    readonly kind: FaultKind,
    match: FaultMatch,
    act: () => Promise<Response | undefined>,
    readonly remove: () => void,
  ) {
    if (match.times !== undefined && !(Number.isInteger(match.times) && match.times > 0)) {
      throw new TypeError("A fault's `times` must be a positive integer.");
    }
    this.remaining = match.times;
    // MSW matches a RegExp against the whole URL; ours is tested against the path alone.
    const test =
      match.path instanceof RegExp ? new RegExp(match.path.source, match.path.flags.replace(/[gy]/g, "")) : undefined;
    const path = typeof match.path === "string" ? match.path : "/*";
    this.handler = new HttpHandler(match.method?.toUpperCase() ?? /.+/, `${ORIGIN}${path}`, async ({ request }) => {
      if (test && !test.test(requestPaths.get(request) ?? new URL(request.url).pathname)) return undefined;
      // Requests that arrive together all meet the rule before the first of them uses it up.
      if (this.remaining === 0) return undefined;
      this.#consume();
      return act();
    });
  }

  #consume(): void {
    this.hits += 1;
    if (this.remaining !== undefined) {
      this.remaining -= 1;
      if (this.remaining === 0) this.remove();
    }
  }
}

export class Faults implements MockFaults {
  #rules: Rule[] = [];

  constructor(readonly clock: Clock) {}

  get rules(): readonly FaultRule[] {
    return [...this.#rules];
  }

  latency(ms: number, match: FaultMatch = {}): FaultRule {
    if (!(ms >= 0)) throw new TypeError("Latency must be a number of milliseconds, 0 or more.");
    return this.#add("latency", match, async () => {
      await delay(ms);
      return undefined;
    });
  }

  status(status: number, fault: StatusFault = {}): FaultRule {
    if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
      throw new TypeError("A forced status must be an error status, 400 to 599.");
    }
    problemLabel(status, fault);
    return this.#add("status", fault, async () => forcedProblem(this.clock, status, fault));
  }

  networkError(match: FaultMatch = {}): FaultRule {
    return this.#add("network-error", match, async () => HttpResponse.error());
  }

  clear(): void {
    this.#rules = [];
  }

  /**
   * Acts on one request (`path` below the base URL): every matching latency rule waits (their
   * delays add up), then the oldest matching rule that answers does, and a later one keeps its
   * count for later requests. Undefined: serve the request.
   */
  async apply(method: string, path: string): Promise<Response | undefined> {
    // Most requests meet no rule at all: they pay for no Request and no MSW matching.
    if (this.#rules.length === 0) return undefined;
    const rules = [...this.#rules];
    // Appended, not resolved against ORIGIN: a path starting with `//` would name another host.
    const url = new URL(`${ORIGIN}${matchable(path)}`);
    const request = () => {
      const made = new Request(url, { method });
      requestPaths.set(made, path);
      return made;
    };
    for (const rule of rules.filter((r) => r.kind === "latency")) await getResponse([rule.handler], request());
    const answering = rules.filter((r) => r.kind !== "latency").map((r) => r.handler);
    return answering.length === 0 ? undefined : getResponse(answering, request());
  }

  #add(kind: FaultKind, match: FaultMatch, act: () => Promise<Response | undefined>): FaultRule {
    const rule: Rule = new Rule(kind, match, act, () => {
      this.#rules = this.#rules.filter((r) => r !== rule);
    });
    this.#rules.push(rule);
    return rule;
  }
}
