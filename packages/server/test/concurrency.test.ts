import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, type TestApp, testApp } from "./support/harness";
import { listen } from "./support/http";

/**
 * The cap and name uniqueness must hold when requests race. These run on a
 * file database (a pool of connections, SQLite's own locking) and over real
 * HTTP as well as in process.
 */
let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  t = await testApp({ file: true });
  server = await listen(t.app.fetch);
});
afterAll(async () => {
  await server.close();
});

type Send = (key: string, method: string, path: string, body?: unknown) => Promise<Response>;

const targets: [string, () => Send][] = [
  ["in process", () => (key, method, path, body) => t.call(key, method, path, body)],
  [
    "over HTTP",
    () => (key, method, path, body) =>
      fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  ],
];

function statuses(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}

describe.each(targets)("parallel writes (%s)", (_, sendFor) => {
  it("20 parallel creates on a cap-1 account give one 200 and nineteen 429s", async () => {
    const send = sendFor();
    const trial = await t.account("trial_pack");
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(trial.key, "POST", "/v1/profiles", { name: `p${i}` })),
    );
    expect(statuses(responses)).toEqual({ 200: 1, 429: 19 });
    const me = await json(await send(trial.key, "GET", "/v1/account/me"));
    expect(me.profile_count).toBe(1);
  });

  it("12 parallel creates of one name give one 200 and eleven 409s", async () => {
    const send = sendFor();
    const account = await t.account("api_builder");
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => send(account.key, "POST", "/v1/profiles", { name: "same" })),
    );
    expect(statuses(responses)).toEqual({ 200: 1, 409: 11 });
    const list = await json<{ data: unknown[] }>(await send(account.key, "GET", "/v1/profiles"));
    expect(list.data).toHaveLength(1);
  });

  it("200 parallel creates on a cap-25 account create exactly 25", async () => {
    const send = sendFor();
    const account = await t.account("api_builder");
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => send(account.key, "POST", "/v1/profiles", { name: `p${i}` })),
    );
    expect(statuses(responses)).toEqual({ 200: 25, 429: 175 });
  });

  it("parallel clones at the cap never pass it", async () => {
    const send = sendFor();
    const solo = await t.account("solo_manual");
    const source = await json<{ id: string }>(await send(solo.key, "POST", "/v1/profiles", { name: "src" }));
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => send(solo.key, "POST", `/v1/profiles/${source.id}/clone`)),
    );
    expect(statuses(responses)).toEqual({ 200: 4, 429: 6 });
    const names = (await json<{ data: { name: string }[] }>(await send(solo.key, "GET", "/v1/profiles"))).data.map(
      (p) => p.name,
    );
    expect(names.sort()).toEqual(["src", "src (copy 2)", "src (copy 3)", "src (copy 4)", "src (copy)"].sort());
  });

  it("parallel restores at the cap never pass it", async () => {
    const send = sendFor();
    const solo = await t.account("solo_manual");
    const source = await json<{ id: string }>(await send(solo.key, "POST", "/v1/profiles", { name: "src" }));
    const snap = await json<{ id: string }>(
      await send(solo.key, "POST", `/v1/profiles/${source.id}/snapshots`, { label: "s" }),
    );
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => send(solo.key, "POST", `/v1/profile-snapshots/${snap.id}/restore`)),
    );
    expect(statuses(responses)).toEqual({ 200: 4, 429: 6 });
  });
});
