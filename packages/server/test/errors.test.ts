import { beforeEach, describe, expect, it } from "vitest";
import { json, type TestAccount, type TestApp, testApp } from "./support/harness";

let t: TestApp;
let owner: TestAccount;
let profileId: string;

beforeEach(async () => {
  t = await testApp();
  owner = await t.account("solo_manual");
  profileId = (await json<{ id: string }>(await t.call(owner, "POST", "/v1/profiles", { name: "existing" }))).id;
});

/** The whole account as JSON: what a rejected request must leave untouched. */
async function snapshotOfAccount() {
  const profiles = await json(await t.call(owner, "GET", "/v1/profiles"));
  const audit = await json(await t.call(owner, "GET", "/v1/audit-log"));
  return JSON.stringify({ profiles, audit });
}

function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.headers.get("x-request-id")).toMatch(/^req_/);
}

describe("the bad-input matrix", () => {
  const oneMiB = 1024 * 1024;
  const cases: [string, () => Promise<Response>, number, string][] = [
    ["malformed JSON", () => t.call(owner, "POST", "/v1/profiles", '{"name":'), 400, "ValidationFailed"],
    ["a JSON array body", () => t.call(owner, "POST", "/v1/profiles", "[]"), 400, "ValidationFailed"],
    ["a JSON string body", () => t.call(owner, "POST", "/v1/profiles", '"x"'), 400, "ValidationFailed"],
    ["JSON null", () => t.call(owner, "POST", "/v1/profiles", "null"), 400, "ValidationFailed"],
    [
      "text/plain",
      () => t.call(owner, "POST", "/v1/profiles", '{"name":"x"}', { "content-type": "text/plain" }),
      415,
      "UnsupportedMediaType",
    ],
    [
      "form encoding",
      () => t.call(owner, "POST", "/v1/profiles", "name=x", { "content-type": "application/x-www-form-urlencoded" }),
      415,
      "UnsupportedMediaType",
    ],
    [
      "a body with no content type",
      async () =>
        t.app.request("/v1/profiles", {
          method: "POST",
          headers: { authorization: `Bearer ${owner.key}` },
          body: '{"name":"x"}',
        }),
      415,
      "UnsupportedMediaType",
    ],
    [
      "a body over 1 MiB",
      () => t.call(owner, "POST", "/v1/profiles", JSON.stringify({ name: "x", description: "y".repeat(oneMiB) })),
      413,
      "PayloadTooLarge",
    ],
    ["an unknown route", () => t.call(owner, "GET", "/v1/nothing-here"), 404, "NotFound"],
    ["an unknown route outside /v1", () => t.call(null, "GET", "/admin"), 404, "NotFound"],
    ["an unsupported method", () => t.call(owner, "PUT", `/v1/profiles/${profileId}`, { name: "x" }), 404, "NotFound"],
    [
      "a patch with malformed JSON",
      () => t.call(owner, "PATCH", `/v1/profiles/${profileId}`, "{nope"),
      400,
      "ValidationFailed",
    ],
    [
      "a patch with an unknown field",
      () => t.call(owner, "PATCH", `/v1/profiles/${profileId}`, { nmae: "x" }),
      400,
      "ValidationFailed",
    ],
    [
      "a patch with a null name",
      () => t.call(owner, "PATCH", `/v1/profiles/${profileId}`, { name: null }),
      400,
      "ValidationFailed",
    ],
    [
      "a clone with an unknown field",
      () => t.call(owner, "POST", `/v1/profiles/${profileId}/clone`, { label: "x" }),
      400,
      "ValidationFailed",
    ],
    [
      "a clone with a bad archetype",
      () => t.call(owner, "POST", `/v1/profiles/${profileId}/clone`, { archetype: 7 }),
      400,
      "ValidationFailed",
    ],
    [
      "a snapshot without a label",
      () => t.call(owner, "POST", `/v1/profiles/${profileId}/snapshots`, {}),
      400,
      "ValidationFailed",
    ],
    [
      "a snapshot with a 129-character label",
      () => t.call(owner, "POST", `/v1/profiles/${profileId}/snapshots`, { label: "l".repeat(129) }),
      400,
      "ValidationFailed",
    ],
    [
      "a snapshot with a 2049-character description",
      () => t.call(owner, "POST", `/v1/profiles/${profileId}/snapshots`, { label: "l", description: "d".repeat(2049) }),
      400,
      "ValidationFailed",
    ],
    [
      "an audit filter on an unknown action",
      () => t.call(owner, "GET", "/v1/audit-log?action=profile.exploded"),
      400,
      "ValidationFailed",
    ],
    ["a huge limit", () => t.call(owner, "GET", "/v1/profiles?limit=99999999999999999999"), 400, "ValidationFailed"],
    [
      "an empty Idempotency-Key",
      () => t.call(owner, "POST", "/v1/profiles", { name: "x" }, { "idempotency-key": "" }),
      400,
      "ValidationFailed",
    ],
    [
      "a 256-character Idempotency-Key",
      () => t.call(owner, "POST", "/v1/profiles", { name: "x" }, { "idempotency-key": "k".repeat(256) }),
      400,
      "ValidationFailed",
    ],
  ];

  it.each(cases)("answers %s with a problem and changes nothing", async (_, send, status, code) => {
    const before = await snapshotOfAccount();
    const res = await send();
    expectProblem(res, status);
    const body = await json(res);
    expect(body).toMatchObject({
      status,
      code,
      type: expect.stringContaining(code),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(body.request_id).toBe(res.headers.get("x-request-id"));
    expect(await snapshotOfAccount()).toBe(before);
  });
});

describe("every response", () => {
  it("carries X-Request-Id, successes and problems alike, each one distinct", async () => {
    const ids = new Set<string>();
    for (const res of [
      await t.call(null, "GET", "/healthz"),
      await t.call(owner, "GET", "/v1/profiles"),
      await t.call(owner, "DELETE", `/v1/profiles/${profileId}`),
      await t.call(null, "GET", "/v1/profiles"),
    ]) {
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^req_/);
      ids.add(id as string);
    }
    expect(ids.size).toBe(4);
  });

  it("never answers 5xx to hostile input", async () => {
    const hostile = [
      "\u0000",
      "%00",
      "prof_' OR 1=1 --",
      "../../etc/passwd",
      "😀".repeat(100),
      "a".repeat(5000),
      "%E0%A4%A",
    ];
    for (const value of hostile) {
      const encoded = encodeURIComponent(value);
      for (const res of [
        await t.call(owner, "GET", `/v1/profiles/${encoded}`),
        await t.call(owner, "GET", `/v1/profiles?cursor=${encoded}&name=${encoded}`),
        await t.call(owner, "POST", "/v1/profiles", { name: value }),
        await t.call(owner, "PATCH", `/v1/profiles/${profileId}`, { description: value }),
        await t.call(owner, "GET", `/v1/audit-log?target_id=${encoded}`),
        await t.call(owner, "POST", "/v1/profiles", { name: "x" }, { "x-driftstack-account": encoded.slice(0, 200) }),
      ]) {
        expect(res.status).toBeLessThan(500);
      }
    }
  });
});

describe("GET /healthz", () => {
  it("answers 200 without a key", async () => {
    const res = await t.call(null, "GET", "/healthz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
  });
});
