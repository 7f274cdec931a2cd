import { beforeEach, describe, expect, it } from "vitest";
import { json, type TestAccount, type TestApp, testApp } from "./support/harness";

type Problem = { code: string; errors?: { path: string; message: string }[] };

let t: TestApp;
let owner: TestAccount;

beforeEach(async () => {
  t = await testApp();
  owner = await t.account("enterprise");
});

async function refused(res: Response, path: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await json<Problem>(res);
  expect(body.code).toBe("ValidationFailed");
  expect(body.errors?.map((e) => e.path)).toContain(path);
}

async function profileNames(): Promise<string[]> {
  const page = await json<{ data: { name: string }[] }>(await t.call(owner, "GET", "/v1/profiles"));
  return page.data.map((p) => p.name);
}

describe("text is stored exactly or refused", () => {
  it("refuses a NUL in a description instead of cutting it short", async () => {
    await refused(await t.call(owner, "POST", "/v1/profiles", { name: "a", description: "a\u0000b" }), "description");
    expect(await profileNames()).toEqual([]);
  });

  it("refuses a snapshot label that is only a NUL", async () => {
    const profile = await json<{ id: string }>(await t.call(owner, "POST", "/v1/profiles", { name: "a" }));
    await refused(await t.call(owner, "POST", `/v1/profiles/${profile.id}/snapshots`, { label: "\u0000" }), "label");
  });

  it("refuses a lone surrogate instead of rewriting it to U+FFFD", async () => {
    await refused(await t.call(owner, "POST", "/v1/profiles", '{"name":"x\\ud800"}'), "name");
    await refused(await t.call(owner, "POST", "/v1/profiles", '{"name":"x\\udfff"}'), "name");
    expect(await profileNames()).toEqual([]);
  });

  it("names each refused string by its path: nested keys, array items, a body that is an array", async () => {
    const nested = '{"name":"a","meta":{"k\\u0000":"v","list":["ok","b\\u0000"]}}';
    const res = await t.call(owner, "POST", "/v1/profiles", nested);
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.map((e) => e.path)).toEqual(["meta.k\u0000", "meta.list.1"]);
    const array = await t.call(owner, "POST", "/v1/profiles", '["ok","\\ud800"]');
    expect((await json<Problem>(array)).errors).toEqual([
      { path: "1", message: "must not contain NUL (U+0000) or an unpaired surrogate" },
    ]);
    expect(await profileNames()).toEqual([]);
  });

  it("refuses them in query parameters too", async () => {
    await refused(await t.call(owner, "GET", "/v1/profiles?name=a%00b"), "name");
  });

  it("reads only bodies typed as JSON: any other body is refused 415 for its type, whatever it holds", async () => {
    const body = JSON.stringify({ name: "a\u0000" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const res = await t.call(owner, "POST", "/v1/profiles", body, { "content-type": type });
      expect(res.status).toBe(415);
      expect((await json<Problem>(res)).code).toBe("UnsupportedMediaType");
    }
    expect(await profileNames()).toEqual([]);
  });

  it("keeps every other character exactly: surrogate pairs, right-to-left text, other controls", async () => {
    const description = "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c \ud83d\ude00 \u0001\u007f";
    const res = await t.call(owner, "POST", "/v1/profiles", { name: "\ud83d\ude00", description });
    expect(res.status).toBe(200);
    const created = await json<{ id: string; name: string; description: string }>(res);
    const read = await json<{ name: string; description: string }>(
      await t.call(owner, "GET", `/v1/profiles/${created.id}`),
    );
    expect(read.name).toBe("\ud83d\ude00");
    expect(read.description).toBe(description);
  });
});
