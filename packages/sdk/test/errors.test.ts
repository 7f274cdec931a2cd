import { beforeAll, describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BrowserUnavailableError,
  ConflictError,
  DriftstackError,
  EvaluationFailedError,
  GoneError,
  IdempotencyKeyReusedError,
  InternalServerError,
  NavigationFailedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  SessionLimitError,
  TierLimitError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from "../src";
import { setup, type TestAccount } from "./support/server";

/** Runs `fn` and returns what it threw, failing the test if it did not. */
async function thrown(fn: () => Promise<unknown>): Promise<APIError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DriftstackError);
    expect(error).toBeInstanceOf(APIError);
    return error as APIError;
  }
  throw new Error("expected a rejection");
}

describe("error classes from real server answers", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let owner: TestAccount;
  let readKey: string;

  beforeAll(async () => {
    t = await setup();
    owner = await t.account();
    readKey = await t.readKey(owner.id);
  });

  it("ValidationFailedError carries the field errors", async () => {
    const ds = t.client(owner);
    // @ts-expect-error an unknown field: rejected by the types and by the server alike
    const error = await thrown(() => ds.profiles.create({ name: "ok", colour: "red" }));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error).toMatchObject({ status: 400, code: "ValidationFailed" });
    expect(error.requestId).toMatch(/^req_/);
    expect(error.headers.get("x-request-id")).toBe(error.requestId);
    expect((error as ValidationFailedError).errors.length).toBeGreaterThan(0);

    const bad = await thrown(() => ds.profiles.create({ name: "has space" }));
    expect((bad as ValidationFailedError).errors).toEqual([expect.objectContaining({ path: "name" })]);
    expect(bad.detail).toBe(bad.problem?.detail);
    expect(bad.message).toContain("400 ValidationFailed");
  });

  it("AuthenticationError on a bad key", async () => {
    const error = await thrown(() => t.client("dsk_not_a_key").account.me());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "Unauthorized" });
  });

  it("PermissionDeniedError when a read key writes", async () => {
    const error = await thrown(() => t.client(readKey).profiles.create({ name: "nope" }));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: "Forbidden" });
  });

  it("NotFoundError for another account's profile", async () => {
    const theirs = await t.client(await t.account()).profiles.create({ name: "theirs" });
    const error = await thrown(() => t.client(owner).profiles.get(theirs.id));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "NotFound" });
  });

  it("ConflictError on a name in use", async () => {
    const ds = t.client(owner);
    await ds.profiles.create({ name: "taken" });
    const error = await thrown(() => ds.profiles.create({ name: "taken" }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: "Conflict" });
  });

  it("TierLimitError with limit, current, resource and tier", async () => {
    const ds = t.client(await t.account("trial_pack"));
    await ds.profiles.create({ name: "only" });
    const error = await thrown(() => ds.profiles.create({ name: "second" }));
    expect(error).toBeInstanceOf(TierLimitError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "TierLimit", limit: 1, current: 1, tier: "trial_pack" });
    expect((error as TierLimitError).resource).toBe("profile");
    // Own properties, so logging the error shows them.
    expect(Object.keys(error)).toEqual(expect.arrayContaining(["limit", "current", "resource", "tier"]));
  });

  it("IdempotencyKeyReusedError when a key comes back with another body", async () => {
    const ds = t.client(owner);
    await ds.profiles.create({ name: "first" }, { idempotencyKey: "reused-key" });
    const error = await thrown(() => ds.profiles.create({ name: "other" }, { idempotencyKey: "reused-key" }));
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ status: 422, code: "IdempotencyKeyReused" });
  });

  it("UnsupportedMediaTypeError and PayloadTooLargeError", async () => {
    const asText = t.client(owner, { defaultHeaders: { "Content-Type": "text/plain" } });
    expect(await thrown(() => asText.profiles.create({ name: "text" }))).toBeInstanceOf(UnsupportedMediaTypeError);
    const huge = "x".repeat(1024 * 1024 + 1);
    const error = await thrown(() => t.client(owner).profiles.create({ name: "big", description: huge }));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ status: 413, code: "PayloadTooLarge" });
  });
});

describe("APIError.generate", () => {
  const problem = (code: string, status: number, extra = {}) => ({
    type: `https://driftstack.dev/problems/${code}`,
    title: code,
    status,
    detail: `a ${code}`,
    code,
    request_id: "req_body",
    ...extra,
  });

  it.each([
    [400, "ValidationFailed", ValidationFailedError],
    [401, "Unauthorized", AuthenticationError],
    [403, "Forbidden", PermissionDeniedError],
    [404, "NotFound", NotFoundError],
    [409, "Conflict", ConflictError],
    [410, "Gone", GoneError],
    [413, "PayloadTooLarge", PayloadTooLargeError],
    [415, "UnsupportedMediaType", UnsupportedMediaTypeError],
    [422, "IdempotencyKeyReused", IdempotencyKeyReusedError],
    [422, "NavigationFailed", NavigationFailedError],
    [422, "EvaluationFailed", EvaluationFailedError],
    [429, "TierLimit", TierLimitError],
    [429, "SessionLimit", SessionLimitError],
    [500, "Internal", InternalServerError],
    [503, "BrowserUnavailable", BrowserUnavailableError],
  ])("%i %s", (status, code, cls) => {
    // A TierLimit always comes with its extensions (without them it is a plain RateLimitError: see error-names.test.ts).
    const extra = code === "TierLimit" ? { limit: 1, current: 1, resource: "profile", tier: "trial_pack" } : {};
    const error = APIError.generate(status, problem(code, status, extra));
    expect(error).toBeInstanceOf(cls);
    expect(error.constructor).toBe(cls);
    expect(error.name).toBe(cls.name);
    expect(error).toMatchObject({ status, code, requestId: "req_body", detail: `a ${code}` });
  });

  it.each([
    [400, ValidationFailedError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [410, GoneError],
    [413, PayloadTooLargeError],
    [415, UnsupportedMediaTypeError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])("%i with an empty or non-JSON body still picks by status", (status, cls) => {
    for (const body of [undefined, "", "<html>Bad gateway</html>", { not: "a problem" }]) {
      const error = APIError.generate(status, body, new Headers({ "x-request-id": "req_header" }));
      expect(error.constructor).toBe(cls);
      expect(error).toMatchObject({ status, code: undefined, requestId: "req_header", detail: undefined });
    }
    expect(APIError.generate(status, "<html>Bad gateway</html>").body).toBe("<html>Bad gateway</html>");
  });

  it("an unknown code falls back to the status; the header request id wins over the body's", () => {
    const error = APIError.generate(409, problem("SomethingNew", 409), new Headers({ "x-request-id": "req_h" }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.requestId).toBe("req_h");
  });

  it("a 429 that is not TierLimit is a RateLimitError", () => {
    const error = APIError.generate(429, undefined);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(TierLimitError);
  });
});

describe("error bodies through the client", () => {
  it.each([
    ["empty", "", 404, NotFoundError],
    ["HTML", "<html><body>502 Bad Gateway</body></html>", 502, InternalServerError],
    ["plain text", "forbidden by proxy", 403, PermissionDeniedError],
    ["truncated JSON", '{"code": "NotFo', 404, NotFoundError],
  ])("%s body → the class of its status", async (_, body, status, cls) => {
    const t = await setup();
    const ds = t.client("dsk_any", { maxRetries: 0, fetch: async () => new Response(body, { status }) });
    const error = await thrown(() => ds.profiles.get("prof_x"));
    expect(error).toBeInstanceOf(cls);
    expect(error.status).toBe(status);
  });

  it("a success body that is not JSON is a DriftstackError", async () => {
    const t = await setup();
    const ds = t.client("dsk_any", { fetch: async () => new Response("<html>", { status: 200 }) });
    await expect(ds.profiles.get("prof_x")).rejects.toBeInstanceOf(DriftstackError);
  });
});
