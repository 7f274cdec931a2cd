import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { json, type TestAccount, type TestApp, testApp } from "./support/harness";

type Operation = { operationId: string; responses: Record<string, unknown>; parameters?: { in: string }[] };
const spec = parse(readFileSync(join(import.meta.dirname, "../../../spec/openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
};
const operations = Object.values(spec.paths).flatMap((item) =>
  Object.entries(item).map(([method, op]) => ({ method, ...op })),
);
const byId = (id: string) => operations.find((op) => op.operationId === id);

describe("the served document", () => {
  it("is the committed spec: GET /openapi.json answers spec/openapi.yaml, every field of it", async () => {
    const served = await (await (await testApp()).app.request("/openapi.json")).json();
    expect(served).toEqual(spec);
  });
});

describe("the spec declares every status the server sends", () => {
  it("413 on every operation but GET, DELETE included", () => {
    for (const op of operations.filter((o) => o.method !== "get")) {
      expect(Object.keys(op.responses), op.operationId).toContain("413");
    }
    expect(Object.keys(byId("deleteProfile")?.responses ?? {})).toContain("413");
  });

  it("409 on every POST, createSession included (a request in flight under the same Idempotency-Key)", () => {
    for (const op of operations.filter((o) => o.method === "post")) {
      expect(Object.keys(op.responses), op.operationId).toEqual(expect.arrayContaining(["409", "422"]));
    }
  });

  it("431 and 400 on every operation", () => {
    for (const op of operations) {
      expect(Object.keys(op.responses), op.operationId).toEqual(expect.arrayContaining(["400", "431"]));
    }
  });
});

describe("unknown query parameters", () => {
  let t: TestApp;
  let owner: TestAccount;
  beforeEach(async () => {
    t = await testApp();
    owner = await t.account("enterprise");
  });

  it("are refused with 400 on operations that take none", async () => {
    const profile = await json<{ id: string }>(await t.call(owner, "POST", "/v1/profiles", { name: "a" }));
    for (const [method, path] of [
      ["GET", `/v1/profiles/${profile.id}`],
      ["GET", "/v1/account/me"],
      ["POST", `/v1/profiles/${profile.id}/clone?name=b`],
      ["DELETE", `/v1/profiles/${profile.id}?force=1`],
    ] as const) {
      const url = path.includes("?") ? path : `${path}?unexpected=1`;
      const res = await t.call(owner, method, url, method === "POST" ? {} : undefined);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect((await json(res)).code).toBe("ValidationFailed");
    }
    expect((await t.call(owner, "GET", `/v1/profiles/${profile.id}`)).status).toBe(200);
  });
});
