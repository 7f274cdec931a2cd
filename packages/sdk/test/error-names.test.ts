import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as sdk from "../src";
import { APIError, RateLimitError, TierLimitError } from "../src";

const problem = (code: string, status: number, extra: Record<string, unknown> = {}) => ({
  type: `https://driftstack.dev/problems/${code}`,
  title: code,
  status,
  detail: "d",
  code,
  request_id: "req_1",
  ...extra,
});

/** Every problem code the spec knows, read from the generated types. */
const codes = (() => {
  const generated = readFileSync(join(import.meta.dirname, "../src/generated/openapi.ts"), "utf8");
  const line = /code: ("[A-Za-z]+"(?: \| "[A-Za-z]+")*);/.exec(generated)?.[1] ?? "";
  return [...line.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1] as string);
})();

describe("one error vocabulary", () => {
  it("reads the codes from the spec", () => {
    expect(codes).toEqual(expect.arrayContaining(["Unauthorized", "Forbidden", "Internal", "TierLimit"]));
  });

  it.each(codes)("%s answers a class named %sError, exported by that name", (code) => {
    const status = code === "TierLimit" ? 429 : 400;
    const extra = code === "TierLimit" ? { limit: 1, current: 1, resource: "profile", tier: "trial_pack" } : {};
    const error = APIError.generate(status, problem(code, status, extra));
    expect(error.constructor.name).toBe(`${code}Error`);
    expect(error.name).toBe(`${code}Error`);
    expect((sdk as Record<string, unknown>)[`${code}Error`]).toBe(error.constructor);
  });

  it("the old names still work, as the same classes", () => {
    expect(sdk.AuthenticationError).toBe(sdk.UnauthorizedError);
    expect(sdk.PermissionDeniedError).toBe(sdk.ForbiddenError);
    expect(sdk.InternalServerError).toBe(sdk.InternalError);
    expect(APIError.generate(502, "bad gateway")).toBeInstanceOf(sdk.InternalServerError);
  });

  it("TierLimitError always has its extensions; a TierLimit body without them is a plain RateLimitError", () => {
    const full = APIError.generate(
      429,
      problem("TierLimit", 429, { limit: 5, current: 5, resource: "profile", tier: "solo_manual" }),
    );
    expect(full).toBeInstanceOf(TierLimitError);
    expect(full).toMatchObject({ limit: 5, current: 5, resource: "profile", tier: "solo_manual" });
    const stripped = APIError.generate(429, problem("TierLimit", 429));
    expect(stripped).not.toBeInstanceOf(TierLimitError);
    expect(stripped).toBeInstanceOf(RateLimitError);
    expect(stripped.code).toBe("TierLimit");
  });
});

describe("the Driftstack types namespace", () => {
  it("names every schema of the spec", () => {
    const generated = readFileSync(join(import.meta.dirname, "../src/generated/openapi.ts"), "utf8");
    const schemasBlock = generated.slice(generated.indexOf("    schemas: {"), generated.indexOf("    responses:"));
    const schemas = [...schemasBlock.matchAll(/^ {8}([A-Za-z]+): /gm)].map((m) => m[1]);
    const client = readFileSync(join(import.meta.dirname, "../src/client.ts"), "utf8");
    const named = new Set([...client.matchAll(/Schemas\["([A-Za-z]+)"\]/g)].map((m) => m[1]));
    expect(schemas.length).toBeGreaterThan(20);
    expect(schemas.filter((s) => !named.has(s))).toEqual([]);
  });
});
