import { beforeEach, describe, expect, it } from "vitest";
import { idempotencyKeys, runners } from "../src/store/schema";
import { json, manualClock, type TestAccount, type TestApp, testApp } from "./support/harness";

type Page<T> = { data: T[] };

let t: TestApp;
let owner: TestAccount;
const clock = manualClock();

beforeEach(async () => {
  t = await testApp({ file: true, clock });
  owner = await t.account("enterprise");
});

function post(path: string, body: unknown, key: string, who = owner) {
  return t.call(who, "POST", path, body, { "idempotency-key": key });
}

const DAY_MS = 24 * 60 * 60 * 1000;

async function storedKeys(): Promise<string[]> {
  return (await t.db.orm.select().from(idempotencyKeys)).map((row) => row.key).sort();
}

async function profileCount(who = owner): Promise<number> {
  return (await json<Page<unknown>>(await t.call(who, "GET", "/v1/profiles?limit=100"))).data.length;
}

describe("Idempotency-Key", () => {
  it("replays the first response for a repeat with the same body", async () => {
    const first = await post("/v1/profiles", { name: "a" }, "k1");
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post("/v1/profiles", { name: "a" }, "k1");
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("content-type")).toMatch(/^application\/json/);
    expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(await again.json()).toEqual(await first.json());
    expect(await profileCount()).toBe(1);
  });

  it("answers 422 IdempotencyKeyReused for the same key with another body or another endpoint", async () => {
    const first = await json<{ id: string }>(await post("/v1/profiles", { name: "a" }, "k1"));
    const other = await post("/v1/profiles", { name: "b" }, "k1");
    expect(other.status).toBe(422);
    expect((await json(other)).code).toBe("IdempotencyKeyReused");
    expect((await post(`/v1/profiles/${first.id}/clone`, { name: "a" }, "k1")).status).toBe(422);
    expect(await profileCount()).toBe(1);
  });

  it("creates exactly one profile from parallel identical requests", async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post("/v1/profiles", { name: "once" }, "same")),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const conflicts = responses.filter((r) => r.status === 409);
    for (const res of conflicts) expect((await json(res)).detail).toMatch(/in progress/);
    expect(await profileCount()).toBe(1);
    const replay = await post("/v1/profiles", { name: "once" }, "same");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers 409 to a repeat reaching the server while the first still runs, 422 to another body under its key", async () => {
    // The API key's use is stamped and expired idempotency keys swept now, not while the write slot is held.
    expect((await post("/v1/profiles", { name: "before" }, "k0")).status).toBe(200);
    let release = () => {};
    const held = t.db.write(() => new Promise<void>((done) => (release = done)));
    const first = post("/v1/profiles", { name: "slow" }, "k");
    await new Promise((wait) => setTimeout(wait, 200)); // the first has claimed the key and waits for the write slot
    const repeat = await post("/v1/profiles", { name: "slow" }, "k");
    expect(repeat.status).toBe(409);
    expect((await json(repeat)).detail).toMatch(/in progress/);
    const other = await post("/v1/profiles", { name: "other" }, "k");
    expect(other.status).toBe(422);
    release();
    await held;
    expect((await first).status).toBe(200);
    const replay = await post("/v1/profiles", { name: "slow" }, "k");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await profileCount()).toBe(2);
  });

  it("scopes keys to the account", async () => {
    const other = await t.account("enterprise");
    expect((await post("/v1/profiles", { name: "a" }, "shared")).status).toBe(200);
    const res = await post("/v1/profiles", { name: "a" }, "shared", other);
    expect(res.status).toBe(200);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(await profileCount(other)).toBe(1);
  });

  it("replays a 4xx answer as well, with its headers", async () => {
    const trial = await t.account("trial_pack");
    await t.call(trial, "POST", "/v1/profiles", { name: "only" });
    const first = await post("/v1/profiles", { name: "second" }, "k", trial);
    expect(first.status).toBe(429);
    const again = await post("/v1/profiles", { name: "second" }, "k", trial);
    expect(again.status).toBe(429);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("x-should-retry")).toBe("false");
    expect(again.headers.get("content-type")).toBe("application/problem+json");
  });

  it("frees the key after a server error so that a retry runs again", async () => {
    await t.db.client.execute(
      "CREATE TRIGGER fail_create AFTER INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'simulated failure'); END",
    );
    expect((await post("/v1/profiles", { name: "a" }, "k")).status).toBe(500);
    await t.db.client.execute("DROP TRIGGER fail_create");
    const retry = await post("/v1/profiles", { name: "a" }, "k");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await profileCount()).toBe(1);
  });

  it("forgets a key after 24 hours, and replays the answer of the request that took it over", async () => {
    await post("/v1/profiles", { name: "a" }, "k");
    clock.advance(DAY_MS);
    const dayLater = await post("/v1/profiles", { name: "a" }, "k");
    expect(dayLater.headers.get("idempotent-replayed")).toBe("true"); // 24 hours to the millisecond: still kept
    clock.advance(1);
    const later = await post("/v1/profiles", { name: "a" }, "k");
    expect(later.status).toBe(409);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect((await json(later)).code).toBe("Conflict");
    const repeat = await post("/v1/profiles", { name: "a" }, "k");
    expect(repeat.status).toBe(409);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
  });

  it("deletes keys past their 24 hours from the table once a keyed request sweeps them", async () => {
    const now = clock.now();
    await t.db.orm.insert(idempotencyKeys).values([
      { accountId: owner.id, key: "expired", fingerprint: "f", claimedBy: null, createdAt: now - DAY_MS - 1 },
      { accountId: owner.id, key: "live", fingerprint: "f", claimedBy: null, createdAt: now - DAY_MS },
    ]);
    expect((await post("/v1/profiles", { name: "a" }, "new")).status).toBe(200);
    expect(await storedKeys()).toEqual(["live", "new"]);
  });

  it("sweeps at most once a minute: not 1 ms before the minute is up, at the minute exactly", async () => {
    await post("/v1/profiles", { name: "a" }, "first"); // sweeps, and the next sweep is due a minute later
    await t.db.orm
      .insert(idempotencyKeys)
      .values({ accountId: owner.id, key: "expired", fingerprint: "f", claimedBy: null, createdAt: 0 });
    clock.advance(60_000 - 1);
    await post("/v1/profiles", { name: "b" }, "early");
    expect(await storedKeys()).toEqual(["early", "expired", "first"]);
    clock.advance(1);
    await post("/v1/profiles", { name: "c" }, "due");
    expect(await storedKeys()).toEqual(["due", "early", "first"]);
  });

  it("replays a keyed state import (PUT) and leaves a keyed PATCH to run each time", async () => {
    const profile = await json<{ id: string }>(await post("/v1/profiles", { name: "a" }, "make"));
    const put = () =>
      t.call(
        owner,
        "PUT",
        `/v1/profiles/${profile.id}/state`,
        { cookies: [], origins: [] },
        { "idempotency-key": "put" },
      );
    expect((await put()).headers.get("idempotent-replayed")).toBeNull();
    expect((await put()).headers.get("idempotent-replayed")).toBe("true");
    const patch = () =>
      t.call(owner, "PATCH", `/v1/profiles/${profile.id}`, { description: "d" }, { "idempotency-key": "patch" });
    expect((await patch()).status).toBe(200);
    expect((await patch()).headers.get("idempotent-replayed")).toBeNull();
    expect(await storedKeys()).toEqual(["make", "put"]);
  });

  it("runs two different keys at once, each for itself", async () => {
    const [a, b] = await Promise.all([
      post("/v1/profiles", { name: "a" }, "one"),
      post("/v1/profiles", { name: "b" }, "two"),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await storedKeys()).toEqual(["one", "two"]);
    expect(await profileCount()).toBe(2);
  });

  it("holds a key claimed without a runner on record in flight for 2 minutes, then lets a retry run", async () => {
    // A row from before runners were recorded: only its age says whether its request is gone.
    const claimedAt = (age: number) => ({
      accountId: owner.id,
      fingerprint: "f",
      claimedBy: null,
      createdAt: clock.now() - age,
    });
    await t.db.orm.insert(idempotencyKeys).values([
      { key: "young", ...claimedAt(2 * 60 * 1000) },
      { key: "old", ...claimedAt(2 * 60 * 1000 + 1) },
    ]);
    expect((await post("/v1/profiles", { name: "a" }, "young")).status).toBe(422);
    expect((await post("/v1/profiles", { name: "a" }, "old")).status).toBe(200);
  });

  it("never takes over a key this server claimed, even when its runner's row is gone", async () => {
    await post("/v1/profiles", { name: "a" }, "mine");
    const [{ claimedBy } = { claimedBy: null }] = await t.db.orm.select().from(idempotencyKeys);
    expect(claimedBy).toMatch(/^run_/);
    await t.db.orm.delete(runners);
    await t.db.orm
      .insert(idempotencyKeys)
      .values({ accountId: owner.id, key: "busy", fingerprint: "f", claimedBy, createdAt: clock.now() - DAY_MS + 1 });
    expect((await post("/v1/profiles", { name: "b" }, "busy")).status).toBe(422);
    expect(await profileCount()).toBe(1);
  });

  it("lets a retry run when the server that claimed the key is gone", async () => {
    await t.db.orm.insert(idempotencyKeys).values({
      accountId: owner.id,
      key: "orphan",
      fingerprint: "unknown",
      claimedBy: "runner_gone",
      createdAt: clock.now(),
    });
    const res = await post("/v1/profiles", { name: "a" }, "orphan");
    expect(res.status).toBe(200);
  });

  it("keeps a key in flight while the server that claimed it is alive, however long it takes", async () => {
    const now = clock.now();
    await t.db.orm.insert(runners).values({ id: "runner_alive", heartbeatAt: now, startedAt: now });
    await t.db.orm.insert(idempotencyKeys).values({
      accountId: owner.id,
      key: "busy",
      fingerprint: "unknown",
      claimedBy: "runner_alive",
      createdAt: now - 10 * 60 * 1000,
    });
    expect((await post("/v1/profiles", { name: "a" }, "busy")).status).toBe(422);
  });

  it("ignores the header on reads", async () => {
    const res = await t.call(owner, "GET", "/v1/profiles", undefined, { "idempotency-key": "k" });
    expect(res.status).toBe(200);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });
});
