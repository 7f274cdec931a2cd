import type { StatusFault } from "./faults";

/**
 * The server's problem codes and titles (its `PROBLEMS` table, which `@driftstack/server`
 * does not export yet; a test holds this copy to the spec), and the code a forced status
 * gets by default. 422 and 429 default to the code that needs no extensions or context.
 */
export const PROBLEM_TITLES: Record<string, string> = {
  ValidationFailed: "Validation failed",
  Unauthorized: "Unauthorized",
  Forbidden: "Forbidden",
  NotFound: "Not found",
  Conflict: "Conflict",
  Gone: "Gone",
  PayloadTooLarge: "Payload too large",
  UnsupportedMediaType: "Unsupported media type",
  IdempotencyKeyReused: "Idempotency key reused",
  NavigationFailed: "Navigation failed",
  EvaluationFailed: "Evaluation failed",
  TierLimit: "Tier limit",
  SessionLimit: "Session limit",
  Internal: "Internal error",
  BrowserUnavailable: "Browser unavailable",
};

const CODE_FOR_STATUS: Record<number, string> = {
  400: "ValidationFailed",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  410: "Gone",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  422: "IdempotencyKeyReused",
  429: "SessionLimit",
  500: "Internal",
  503: "BrowserUnavailable",
};

/** The code and title of a forced problem; throws where the fault is added if either is unknown. */
export function problemLabel(status: number, fault: StatusFault): { code: string; title: string } {
  const code = fault.code ?? CODE_FOR_STATUS[status];
  const title = fault.title ?? (code === undefined ? undefined : PROBLEM_TITLES[code]);
  if (code === undefined || title === undefined) {
    throw new TypeError(
      `The server sends no problem ${fault.code ?? `with status ${status}`}: give the fault a \`code\` and a \`title\`.`,
    );
  }
  return { code, title };
}

/** A fetch handler that answers any path outside the API with the server's own 404 problem. */
export interface ProblemSource {
  request(path: string): Response | Promise<Response>;
}

/** Outside every route, so the app answers with its 404 problem without touching the database. */
const PROBE_PATH = "/__driftstack_mock__/fault";

/**
 * The forced problem, built on a real 404 from the app: its request id comes from the
 * server's own generator (and the mock's clock), and its `type` URL names the new code.
 */
export async function forcedProblem(app: ProblemSource, status: number, fault: StatusFault): Promise<Response> {
  const probe = await app.request(PROBE_PATH);
  const requestId = probe.headers.get("x-request-id") ?? "";
  const notFound = (await probe.json()) as { type: string; code: string };
  const { code, title } = problemLabel(status, fault);
  const body = {
    type: notFound.type.slice(0, -notFound.code.length) + code,
    title,
    status,
    detail: fault.detail ?? `Forced by a @driftstack/mock fault: ${status} ${code}.`,
    code,
    request_id: requestId,
    ...fault.extensions,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...fault.headers,
      "Content-Type": "application/problem+json",
      "X-Request-Id": requestId,
    },
  });
}
