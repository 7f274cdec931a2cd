import { type Clock, newId, PROBLEMS, type ProblemCode, problemBody, problemHeaders } from "@driftstack/server";

/** What a forced problem says (faults.ts's `StatusFault` adds which requests it acts on). */
export interface ProblemFields {
  /** The problem code; default: the server's code for the status (required for statuses it never sends). */
  code?: string;
  /** Default: the server's title for the code. */
  title?: string;
  detail?: string;
  /** Extra response headers, e.g. `{ "Retry-After": "0" }`. */
  headers?: Record<string, string>;
  /** Extra top-level members of the body, as the server adds `limit`, `current`… to a `TierLimit`. */
  extensions?: Record<string, unknown>;
}

/**
 * The code a forced status gets by default: the server's first code for that status
 * (PROBLEMS), except where that code's body needs context a fault does not have: a 429
 * TierLimit carries the account's cap, so a forced 429 is a SessionLimit.
 */
const NEEDS_CONTEXT: ReadonlySet<ProblemCode> = new Set(["TierLimit"]);

function defaultCode(status: number): ProblemCode | undefined {
  return (Object.keys(PROBLEMS) as ProblemCode[]).find(
    (code) => PROBLEMS[code].status === status && !NEEDS_CONTEXT.has(code),
  );
}

function isServerCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}

/** The code and title of a forced problem; throws where the fault is added if either is unknown. */
export function problemLabel(status: number, fault: ProblemFields): { code: string; title: string } {
  const code = fault.code ?? defaultCode(status);
  const title = fault.title ?? (code !== undefined && isServerCode(code) ? PROBLEMS[code].title : undefined);
  if (code === undefined || title === undefined) {
    throw new TypeError(
      `The server sends no problem ${fault.code ?? `with status ${status}`}: give the fault a \`code\` and a \`title\`.`,
    );
  }
  return { code, title };
}

/** The forced problem, rendered by the server's own problemBody/problemHeaders, with a request id from its generator. */
export function forcedProblem(clock: Clock, status: number, fault: ProblemFields): Response {
  const requestId = newId("request", clock.now());
  const { code, title } = problemLabel(status, fault);
  const detail = fault.detail ?? `Forced by a @driftstack/mock fault: ${status} ${code}.`;
  const body = problemBody({ code, status, title, detail, extensions: fault.extensions }, requestId);
  return new Response(JSON.stringify(body), { status, headers: problemHeaders(requestId, fault.headers) });
}
