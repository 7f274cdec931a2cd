import { beforeEach, describe, expect, it } from "vitest";
import { DriftstackError, NotFoundError, type Profile } from "../src";
import { recording, setup, type TestAccount } from "./support/server";

describe("raw access: withResponse(), asResponse(), _requestId", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let account: TestAccount;
  beforeEach(async () => {
    t = await setup();
    account = await t.account();
  });

  it("withResponse() gives the result, its Response and the X-Request-Id", async () => {
    const ds = t.client(account);
    const { data, response, requestId } = await ds.profiles.create({ name: "raw" }).withResponse();
    expect(data.name).toBe("raw");
    expect(response.status).toBe(200);
    expect(requestId).toMatch(/^req_/);
    expect(requestId).toBe(response.headers.get("x-request-id"));
    expect(data._requestId).toBe(requestId);
  });

  it("every result carries its request id, non-enumerable so it never leaks into JSON or spreads", async () => {
    const ds = t.client(account);
    const made = await ds.profiles.create({ name: "tagged" });
    const fetched = await ds.profiles.get(made.id);
    expect(fetched._requestId).toMatch(/^req_/);
    expect(fetched._requestId).not.toBe(made._requestId);
    expect(Object.keys(fetched)).not.toContain("_requestId");
    expect(JSON.parse(JSON.stringify(fetched))).not.toHaveProperty("_requestId");
    expect({ ...fetched }).not.toHaveProperty("_requestId");
  });

  it("asResponse() gives the successful Response with its body unread", async () => {
    const ds = t.client(account);
    const made = await ds.profiles.create({ name: "unread" });
    const response = await ds.profiles.get(made.id).asResponse();
    expect(response.bodyUsed).toBe(false);
    expect(response.headers.get("content-type")).toMatch(/json/);
    expect(((await response.json()) as Profile).id).toBe(made.id);
  });

  it("asResponse() still throws the error class for an error answer", async () => {
    const error = await t
      .client(account)
      .profiles.get("prof_missing")
      .asResponse()
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.requestId).toMatch(/^req_/);
  });

  it("asResponse() once the result is being parsed is refused, with the reason", async () => {
    const call = t.client(account).account.me();
    await call;
    const error = await call.asResponse().catch((e) => e);
    expect(error).toBeInstanceOf(DriftstackError);
    expect(error.message).toMatch(/before it is awaited/);
  });

  it("one request per call, whichever of await, withResponse and asResponse is used", async () => {
    const wire = recording(t.appFetch);
    const ds = t.client(account, { fetch: wire.fetch });
    const call = ds.account.me();
    const [awaited, withResponse] = await Promise.all([call, call.withResponse()]);
    expect(awaited).toBe(withResponse.data);
    await ds.account.me().asResponse();
    // A promise nobody awaits still sends its request: `ds.profiles.delete(id)` fire-and-forget keeps working.
    void ds.health();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(wire.requests.map((r) => new URL(r.url).pathname)).toEqual(["/v1/account/me", "/v1/account/me", "/healthz"]);
  });

  it("delete and screenshot-style mapped results keep withResponse()", async () => {
    const ds = t.client(account);
    const made = await ds.profiles.create({ name: "gone" });
    const { data, response, requestId } = await ds.profiles.delete(made.id).withResponse();
    expect(data).toBeUndefined();
    expect(response.ok).toBe(true);
    expect(requestId).toMatch(/^req_/);
  });

  it("lists: withResponse() and asResponse() for the first page; for await still walks every page", async () => {
    const ds = t.client(account);
    for (const name of ["a", "b", "c"]) await ds.profiles.create({ name });
    const list = ds.profiles.list({ limit: 2 });
    const { data: page, requestId } = await list.withResponse();
    expect(page.data).toHaveLength(2);
    expect(page._requestId).toBe(requestId);
    expect(await list).toBe(page);
    const next = await page.getNextPage();
    expect(next._requestId).toMatch(/^req_/);
    expect(next._requestId).not.toBe(page._requestId);

    const response = await ds.profiles.list({ limit: 2 }).asResponse();
    expect(response.bodyUsed).toBe(false);
    expect(((await response.json()) as { has_more: boolean }).has_more).toBe(true);

    const names: string[] = [];
    for await (const profile of ds.profiles.list({ limit: 2 })) names.push(profile.name);
    expect(names.sort()).toEqual(["a", "b", "c"]);
  });
});
