import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDriftstackMock } from "../src";
import { client, json, type Page } from "./support";

const CLOCK = "2026-05-09T22:00:00.000Z";

// Alone in its file: the server orders ids made in one millisecond by a process-wide counter,
// which another clock making ids in between would restart (see the README).
const mock = createDriftstackMock({
  baseUrl: ["http://fixed.driftstack.test", "http://localhost:9999/api/"],
  clock: new Date(CLOCK),
  seed: (seed) => seed.profiles(["baseline"]),
});
const api = client(mock);
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await mock.close();
});

const names = async (res: Response) => (await json<Page>(res)).data.map((p) => p.name);

describe("a fixed clock", () => {
  it("stamps created_at and updated_at", async () => {
    const res = await api("POST", "/v1/profiles", { body: { name: "stamped" } });
    expect(await json(res)).toMatchObject({ created_at: CLOCK, updated_at: CLOCK });
  });

  it("still lists what was made in its one millisecond newest first", async () => {
    await mock.seed.profiles(["one", "two", "three"]);
    expect(await names(await api("GET", "/v1/profiles"))).toEqual(["three", "two", "one", "baseline"]);
  });
});

describe("base URLs", () => {
  it("are all served; a base path is only where the API is mounted", async () => {
    expect(mock.baseUrl).toBe("http://fixed.driftstack.test");
    expect(mock.baseUrls).toEqual(["http://fixed.driftstack.test", "http://localhost:9999/api"]);
    const underPath = client(mock, "http://localhost:9999/api");
    expect((await underPath("POST", "/v1/profiles", { body: { name: "via-path" } })).status).toBe(200);
    expect(await names(await api("GET", "/v1/profiles"))).toEqual(["via-path", "baseline"]);
    expect(await json(await underPath("GET", "/v1/profiles?limit=1"))).toMatchObject({ has_more: true });
  });

  it("do not take in the rest of their host", async () => {
    await expect(globalThis.fetch("http://localhost:9999/healthz")).rejects.toThrow();
  });
});
