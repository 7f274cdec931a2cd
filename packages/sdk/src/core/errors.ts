import type { components } from "../generated/openapi";

/** The RFC 9457 body every Driftstack error answers with. */
export type Problem = components["schemas"]["Problem"];
export type ProblemCode = Problem["code"];
export type FieldError = NonNullable<Problem["errors"]>[number];

/** The base of everything the SDK throws: `catch (e) { if (e instanceof DriftstackError) … }`. */
export class DriftstackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The subclass's own name, so logs and stack traces say `NotFoundError`, not `Error`.
    this.name = new.target.name;
  }
}

/** The server answered with an error status. `generate()` picks the subclass. */
export class APIError extends DriftstackError {
  /** The HTTP status. */
  readonly status: number;
  /** The problem code (`NotFound`, `TierLimit`, …); undefined when the body was not a problem. */
  readonly code: ProblemCode | undefined;
  /** From the `X-Request-Id` header, else the body's `request_id`: quote it to support. */
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** The parsed problem body, or the raw text when the body was not JSON. */
  readonly body: Problem | string | undefined;
  /** The problem's human-readable `detail`. */
  readonly detail: string | undefined;

  constructor(status: number, body: unknown, headers: Headers, message?: string) {
    const problem = asProblem(body);
    const requestId = headers.get("x-request-id") ?? problem?.request_id ?? undefined;
    const detail = problem?.detail;
    super(message ?? describe(status, problem, body, requestId));
    this.status = status;
    this.code = problem?.code;
    this.requestId = requestId;
    this.headers = headers;
    this.body = problem ?? (typeof body === "string" && body !== "" ? body : undefined);
    this.detail = detail;
  }

  /** The problem body when the server sent one (undefined for empty or non-JSON bodies). */
  get problem(): Problem | undefined {
    return typeof this.body === "object" ? this.body : undefined;
  }

  /**
   * The error class for an answer: by problem `code` first (the server's own
   * word), by status when the body carries no code (a proxy's HTML page, an
   * empty body), and `APIError` itself for statuses the API never sends.
   */
  static generate(status: number, body: unknown, headers: Headers = new Headers()): APIError {
    const problem = asProblem(body);
    const code = problem?.code;
    // Codes this SDK version does not know yet fall back to the status.
    const byCode = code && Object.hasOwn(CLASS_BY_CODE, code) ? CLASS_BY_CODE[code] : undefined;
    // TierLimitError promises its extensions: a body that lacks them (a proxy's rewrite) gets the plainer class.
    if (byCode === TierLimitError && !isTierLimitProblem(problem)) return new RateLimitError(status, body, headers);
    if (byCode) return new byCode(status, body, headers);
    const byStatus = CLASS_BY_STATUS[status];
    if (byStatus) return new byStatus(status, body, headers);
    if (status >= 500) return new InternalError(status, body, headers);
    return new APIError(status, body, headers);
  }
}

/** 400 `ValidationFailed`: `errors` says which field is wrong and why. */
export class ValidationFailedError extends APIError {
  readonly errors: FieldError[] = this.problem?.errors ?? [];
}
/** 401 `Unauthorized`: the key is missing or not valid. */
export class UnauthorizedError extends APIError {}
/** 403 `Forbidden`: the key's scope or the caller's role does not allow this. */
export class ForbiddenError extends APIError {}
/** 404 `NotFound`. Another account's resource is a 404 too. */
export class NotFoundError extends APIError {}
/** 409 `Conflict`: a name in use, a queued session, or an idempotent request still in flight. */
export class ConflictError extends APIError {}
/** 410 `Gone`: e.g. a session whose profile was deleted. */
export class GoneError extends APIError {}
/** 413 `PayloadTooLarge`: the body is over 1 MiB. */
export class PayloadTooLargeError extends APIError {}
/** 415 `UnsupportedMediaType`: the body is not JSON. */
export class UnsupportedMediaTypeError extends APIError {}
/** 431 `HeadersTooLarge`: the request's headers are over the server's limit. */
export class HeadersTooLargeError extends APIError {}
/** 422: the request was understood but could not be carried out. The subclasses say why. */
export class UnprocessableEntityError extends APIError {}
/** 422 `IdempotencyKeyReused`: the same `Idempotency-Key` came with another body. */
export class IdempotencyKeyReusedError extends UnprocessableEntityError {}
/** 422 `NavigationFailed`: the session's page could not load the URL. */
export class NavigationFailedError extends UnprocessableEntityError {}
/** 422 `EvaluationFailed`: the expression threw in the page. */
export class EvaluationFailedError extends UnprocessableEntityError {}
/** 429 other than `TierLimit`: slow down (retried automatically). */
export class RateLimitError extends APIError {}
/** 429 `SessionLimit`: the server runs its maximum of active sessions (retried automatically). */
export class SessionLimitError extends RateLimitError {}
/** 429 `TierLimit`: the account is at its tier's profile cap. Never retried. */
export class TierLimitError extends RateLimitError {
  // Present whenever this class is chosen: `generate()` answers a TierLimit body without them as a `RateLimitError`.
  /** The account's profile cap. */
  readonly limit: number = (this.problem as TierLimitProblem).limit;
  /** Profiles the account holds now. */
  readonly current: number = (this.problem as TierLimitProblem).current;
  /** What is capped: `"profile"`. */
  readonly resource: string = (this.problem as TierLimitProblem).resource;
  /** The account's tier id. */
  readonly tier: string = (this.problem as TierLimitProblem).tier;
}
/** 5xx: `Internal`, or any fault on the server side without a code (retried automatically). */
export class InternalError extends APIError {}
/** 503 `BrowserUnavailable`: no browser engine on the server; `detail` names the fix. */
export class BrowserUnavailableError extends InternalError {}

/** @deprecated Renamed after its problem code: use {@link UnauthorizedError}. */
export const AuthenticationError = UnauthorizedError;
/** @deprecated Renamed after its problem code: use {@link UnauthorizedError}. */
export type AuthenticationError = UnauthorizedError;
/** @deprecated Renamed after its problem code: use {@link ForbiddenError}. */
export const PermissionDeniedError = ForbiddenError;
/** @deprecated Renamed after its problem code: use {@link ForbiddenError}. */
export type PermissionDeniedError = ForbiddenError;
/** @deprecated Renamed after its problem code: use {@link InternalError}. */
export const InternalServerError = InternalError;
/** @deprecated Renamed after its problem code: use {@link InternalError}. */
export type InternalServerError = InternalError;

/** No answer came back: DNS, refused connection, reset, CORS, … */
export class APIConnectionError extends DriftstackError {
  constructor(options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? "Connection error: no response from the Driftstack API.", { cause: options.cause });
  }
}
/** An attempt took longer than `timeoutMs` (after the retries it was allowed). */
export class APIConnectionTimeoutError extends APIConnectionError {
  constructor(timeoutMs: number) {
    super({ message: `Request timed out after ${timeoutMs} ms.` });
  }
}
/** The caller's `signal` aborted the request. */
export class APIUserAbortError extends DriftstackError {
  constructor(options: { cause?: unknown } = {}) {
    super("Request was aborted.", options);
  }
}

type ErrorClass = new (status: number, body: unknown, headers: Headers) => APIError;

const CLASS_BY_CODE: Record<ProblemCode, ErrorClass> = {
  ValidationFailed: ValidationFailedError,
  Unauthorized: UnauthorizedError,
  Forbidden: ForbiddenError,
  NotFound: NotFoundError,
  Conflict: ConflictError,
  Gone: GoneError,
  PayloadTooLarge: PayloadTooLargeError,
  UnsupportedMediaType: UnsupportedMediaTypeError,
  HeadersTooLarge: HeadersTooLargeError,
  IdempotencyKeyReused: IdempotencyKeyReusedError,
  NavigationFailed: NavigationFailedError,
  EvaluationFailed: EvaluationFailedError,
  TierLimit: TierLimitError,
  SessionLimit: SessionLimitError,
  Internal: InternalError,
  BrowserUnavailable: BrowserUnavailableError,
};

const CLASS_BY_STATUS: Record<number, ErrorClass> = {
  400: ValidationFailedError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  431: HeadersTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** A TierLimit problem: the server always sends these extensions with it. */
type TierLimitProblem = Problem & Required<Pick<Problem, "limit" | "current" | "resource" | "tier">>;

function isTierLimitProblem(problem: Problem | undefined): problem is TierLimitProblem {
  return (
    typeof problem?.limit === "number" &&
    typeof problem.current === "number" &&
    typeof problem.resource === "string" &&
    typeof problem.tier === "string"
  );
}

function asProblem(body: unknown): Problem | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  return typeof (body as { code?: unknown }).code === "string" ? (body as Problem) : undefined;
}

function describe(status: number, problem: Problem | undefined, body: unknown, requestId?: string): string {
  const suffix = requestId ? ` (request ${requestId})` : "";
  if (problem) return `${status} ${problem.code}: ${problem.detail}${suffix}`;
  const text = typeof body === "string" ? body.trim().slice(0, 200) : "";
  return `${status} ${text || "status code (no body)"}${suffix}`;
}
