import { describe, expect, it } from "vitest";
import { APIError, NotFoundError, RateLimitError, TierLimitError } from "../src";
import { clientOn, scripted } from "./support/wire";

const notFound = { type: "https://driftstack.dev/problems/NotFound", title: "NotFound", status: 404, code: "NotFound" };

describe("an APIError's message says what came back", () => {
  it("a problem: status, code, detail and the request id to quote", () => {
    const error = APIError.generate(
      404,
      { ...notFound, detail: "No profile prof_1." },
      new Headers({ "x-request-id": "req_h" }),
    );
    expect(error.message).toBe("404 NotFound: No profile prof_1. (request req_h)");
  });

  it("no request id anywhere: nothing is appended", () => {
    expect(APIError.generate(404, { ...notFound, detail: "No profile prof_1." }).message).toBe(
      "404 NotFound: No profile prof_1.",
    );
  });

  it("a text body (a proxy's page): trimmed, and cut at 200 characters", () => {
    expect(APIError.generate(502, "  <html>Bad gateway</html>\n").message).toBe("502 <html>Bad gateway</html>");
    expect(APIError.generate(502, `${"x".repeat(200)}TAIL`).message).toBe(`502 ${"x".repeat(200)}`);
  });

  it.each([
    ["no body", undefined],
    ["an empty body", ""],
    ["a JSON null", null],
    ["JSON that is not a problem", { error: "upstream" }],
  ])("%s: says there was none to show", (_, body) => {
    expect(APIError.generate(404, body).message).toBe("404 status code (no body)");
  });
});

describe("an APIError's body and problem", () => {
  it("an empty body is no body, and no problem", () => {
    const error = APIError.generate(404, "");
    expect(error.body).toBeUndefined();
    expect(error.problem).toBeUndefined();
  });

  it("JSON without a code is not a problem: no code, no problem, the class of its status", () => {
    const error = APIError.generate(404, { error: "upstream", detail: "not ours" });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.problem).toBeUndefined();
    expect(error.body).toBeUndefined();
    expect(error.code).toBeUndefined();
    expect(error.detail).toBeUndefined();
  });

  it("a JSON null error body picks the class of its status", () => {
    expect(APIError.generate(404, null)).toBeInstanceOf(NotFoundError);
  });

  it("through the client: an empty 404 is a NotFoundError without a body", async () => {
    const wire = scripted(() => new Response("", { status: 404, headers: { "x-request-id": "req_e" } }));
    const error = await clientOn(wire.fetch)
      .profiles.get("prof_1")
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.body).toBeUndefined();
    expect(error.message).toBe("404 status code (no body) (request req_e)");
  });
});

describe("TierLimitError only with all four extensions", () => {
  const full = { limit: 1, current: 1, resource: "profile", tier: "trial_pack" };
  const tierLimit = (extensions: Record<string, unknown>) => ({
    type: "https://driftstack.dev/problems/TierLimit",
    title: "TierLimit",
    status: 429,
    detail: "cap",
    code: "TierLimit",
    ...extensions,
  });

  it.each(["current", "resource", "tier"])("without %s it is a plain RateLimitError", (missing) => {
    const { [missing as keyof typeof full]: _, ...rest } = full;
    const error = APIError.generate(429, tierLimit(rest));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(TierLimitError);
    expect(error.code).toBe("TierLimit");
  });

  it.each([
    ["current as text", { current: "1" }],
    ["resource as a number", { resource: 1 }],
    ["tier as a number", { tier: 2 }],
  ])("with %s it is a plain RateLimitError", (_, wrong) => {
    expect(APIError.generate(429, tierLimit({ ...full, ...wrong }))).not.toBeInstanceOf(TierLimitError);
  });
});
