import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The problem codes of the API, each with the status it is always sent with. */
export const PROBLEMS = {
  ValidationFailed: { status: 400, title: "Validation failed" },
  Unauthorized: { status: 401, title: "Unauthorized" },
  Forbidden: { status: 403, title: "Forbidden" },
  NotFound: { status: 404, title: "Not found" },
  Conflict: { status: 409, title: "Conflict" },
  Gone: { status: 410, title: "Gone" },
  PayloadTooLarge: { status: 413, title: "Payload too large" },
  UnsupportedMediaType: { status: 415, title: "Unsupported media type" },
  HeadersTooLarge: { status: 431, title: "Request header fields too large" },
  IdempotencyKeyReused: { status: 422, title: "Idempotency key reused" },
  NavigationFailed: { status: 422, title: "Navigation failed" },
  EvaluationFailed: { status: 422, title: "Evaluation failed" },
  TierLimit: { status: 429, title: "Tier limit" },
  SessionLimit: { status: 429, title: "Session limit" },
  Internal: { status: 500, title: "Internal error" },
  BrowserUnavailable: { status: 503, title: "Browser unavailable" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The `type` URL of a problem code (a code the server never sends, as a mock fault may force, gets one too). */
export function problemType(code: ProblemCode | (string & {})): string {
  return `https://driftstack.dev/problems/${code}`;
}

/** What a problem says: its code (one of PROBLEMS, or a mock fault's own), status, title and detail. */
export interface ProblemContent {
  code: string;
  status: number;
  title: string;
  detail: string;
  extensions?: Record<string, unknown>;
}

/** The RFC 9457 body of a problem: every error the API answers (and every fault the mock forces) has it. */
export function problemBody(problem: ProblemContent, requestId: string) {
  return {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    request_id: requestId,
    ...problem.extensions,
  };
}

/** The headers of a problem answer: `extra` (e.g. `Retry-After`), the problem+json type and the request id. */
export function problemHeaders(requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, "Content-Type": PROBLEM_CONTENT_TYPE, "X-Request-Id": requestId };
}

export interface FieldError {
  path: string;
  message: string;
}

/**
 * Thrown anywhere in a request (store, sessions, HTTP layer); `onError` (http/errors.ts) turns it
 * into an RFC 9457 body.
 * `extensions` become top-level members of the body (`errors`, `limit`, …).
 */
export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly status: ContentfulStatusCode;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "ProblemError";
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  body(requestId: string) {
    const { code, status, extensions } = this;
    return problemBody({ code, status, title: PROBLEMS[code].title, detail: this.message, extensions }, requestId);
  }
}

export function validationFailed(errors: FieldError[], detail?: string): ProblemError {
  const summary = detail ?? errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ");
  return new ProblemError("ValidationFailed", summary, { extensions: { errors } });
}

export function notFound(what: string, id: string): ProblemError {
  return new ProblemError("NotFound", `No ${what} with id ${JSON.stringify(id)} exists in this account.`);
}
