import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { openDatabaseUrl } from "../src/node/database";
import { createAccount } from "../src/operator";
import type { Database } from "../src/store/database";
import { manualClock } from "./support/harness";

/**
 * A process that dies right after the mutation of an idempotent POST commits:
 * from then on every database call it makes fails, as if it were gone. A
 * second process on the same file then retries with the same key.
 */
function dyingAfterFirstProfile(db: Database): Database {
  const write = db.write.bind(db);
  const read = db.read.bind(db);
  let dead = false;
  const count = async () => Number((await db.client.execute("SELECT count(*) AS n FROM profiles")).rows[0]?.n);
  const before = count();
  db.write = async (fn) => {
    if (dead) throw new Error("process died");
    const result = await write(fn);
    if ((await count()) > (await before)) dead = true;
    return result;
  };
  db.read = async (fn) => {
    if (dead) throw new Error("process died");
    return read(fn);
  };
  return db;
}

describe("Idempotency-Key across a crash", () => {
  it("commits the mutation with its stored response: a retry after the crash replays, never runs twice", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "driftstack-idem-")), "test.db")}`;
    const clock = manualClock();
    const setup = await openDatabaseUrl(url);
    const { apiKey } = await createAccount(setup, { name: "crash", tier: "enterprise", profileCap: null });
    setup.close();
    const headers = {
      authorization: `Bearer ${apiKey.secret}`,
      "content-type": "application/json",
      "idempotency-key": "k1",
    };
    const body = JSON.stringify({ name: "once" });

    const first = createApp({ db: dyingAfterFirstProfile(await openDatabaseUrl(url)), clock });
    await first.request("/v1/profiles", { method: "POST", headers, body });

    // Past the window after which an unanswered key used to count as abandoned.
    clock.advance(3 * 60 * 1000);
    const db = await openDatabaseUrl(url);
    const second = createApp({ db, clock });
    const retry = await second.request("/v1/profiles", { method: "POST", headers, body });
    const names = (await db.client.execute("SELECT name FROM profiles")).rows.map((r) => r.name);
    expect(names).toEqual(["once"]);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { name: string }).name).toBe("once");
  });
});

describe("Idempotency-Key in one transaction", () => {
  async function setUp() {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "driftstack-idem-")), "test.db")}`;
    const db = await openDatabaseUrl(url);
    const { apiKey } = await createAccount(db, { name: "one", tier: "enterprise", profileCap: null });
    const app = createApp({ db, clock: manualClock() });
    const headers = { authorization: `Bearer ${apiKey.secret}`, "content-type": "application/json" };
    const post = (path: string, body: unknown, key: string, on = app) =>
      on.request(path, {
        method: "POST",
        headers: { ...headers, "idempotency-key": key },
        body: JSON.stringify(body),
      });
    const count = async (table: string) =>
      Number((await db.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
    return { db, url, post, count };
  }

  it("claims the key, creates the profile, audits it and stores the answer in one write transaction", async () => {
    const { db, post } = await setUp();
    await post("/v1/profiles", { name: "warm-up" }, "k0"); // stamps the key's last use, a write of its own
    const write = db.write.bind(db);
    let writes = 0;
    db.write = (fn) => {
      writes++;
      return write(fn);
    };
    const res = await post("/v1/profiles", { name: "one-commit" }, "k1");
    expect(res.status).toBe(200);
    expect(writes).toBe(1);
    const replay = await post("/v1/profiles", { name: "one-commit" }, "k1");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(await res.json());
  });

  it("leaves nothing when storing the answer fails after the mutation: no profile, audit entry or claim", async () => {
    const { db, post, count } = await setUp();
    await db.client.execute(
      "CREATE TRIGGER fail_store AFTER INSERT ON idempotency_keys WHEN NEW.response_status IS NOT NULL BEGIN SELECT RAISE(ABORT, 'died before the answer was stored'); END",
    );
    expect((await post("/v1/profiles", { name: "all-or-nothing" }, "k1")).status).toBe(500);
    expect([await count("profiles"), await count("audit_log"), await count("idempotency_keys")]).toEqual([0, 0, 0]);
    await db.client.execute("DROP TRIGGER fail_store");
    const retry = await post("/v1/profiles", { name: "all-or-nothing" }, "k1");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect([await count("profiles"), await count("audit_log"), await count("idempotency_keys")]).toEqual([1, 1, 1]);
  });

  it("answers with the stored answer when another server answered the key after the handler started; its own writes undone", async () => {
    const { db, url, post, count } = await setUp();
    const source = (await (await post("/v1/profiles", { name: "source" }, "k0")).json()) as { id: string };
    // Server B on the same file: just before B's handler first writes, A runs the same clone to its end.
    // B's clone still succeeds on its own ("source (copy 2)"), so only the key can undo it.
    const dbB = await openDatabaseUrl(url);
    const appB = createApp({ db: dbB, clock: manualClock() });
    // B's API key use stamped and its expired keys swept now, not in the writes watched below.
    expect((await post("/v1/profiles", { name: "warm-up-on-b" }, "kb", appB)).status).toBe(200);
    const writeOnB = dbB.write.bind(dbB);
    let raced: Promise<Response> | undefined;
    dbB.write = async (fn) => {
      raced ??= Promise.resolve(post(`/v1/profiles/${source.id}/clone`, {}, "k1"));
      await raced;
      return writeOnB(fn);
    };
    const onB = await post(`/v1/profiles/${source.id}/clone`, {}, "k1", appB);
    const onA = (await raced) as Response;
    expect(onA.status).toBe(200);
    expect(onA.headers.get("idempotent-replayed")).toBeNull();
    expect(onB.status).toBe(200);
    expect(onB.headers.get("idempotent-replayed")).toBe("true");
    const copy = (await onA.json()) as { name: string };
    expect(copy.name).toBe("source (copy)");
    expect(await onB.json()).toEqual(copy);
    const names = (await db.client.execute("SELECT name FROM profiles ORDER BY name")).rows.map((r) => r.name);
    expect(names).toEqual(["source", "source (copy)", "warm-up-on-b"]);
    expect([await count("audit_log"), await count("idempotency_keys")]).toEqual([3, 3]);
    dbB.close();
  });

  it("replays a repeat whose own run of the handler failed with a 5xx", async () => {
    const { db, post } = await setUp();
    const source = (await (await post("/v1/profiles", { name: "source" }, "k0")).json()) as { id: string };
    const first = await post(`/v1/profiles/${source.id}/clone`, {}, "k1");
    expect(first.status).toBe(200);
    await db.client.execute(
      "CREATE TRIGGER fail_insert BEFORE INSERT ON profiles BEGIN SELECT RAISE(ABORT, 'disk gone'); END",
    );
    const repeat = await post(`/v1/profiles/${source.id}/clone`, {}, "k1");
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    expect(await repeat.json()).toEqual(await first.json());
    // Without a stored answer, the 5xx is the answer.
    expect((await post(`/v1/profiles/${source.id}/clone`, {}, "k2")).status).toBe(500);
  });

  it("names only operations that exist, each a POST or PUT", async () => {
    const { ONE_TRANSACTION_ROUTES } = await import("../src/http/idempotency");
    const { db } = await setUp();
    const doc = (await (await createApp({ db }).request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const route of ONE_TRANSACTION_ROUTES) {
      const [method = "", path = ""] = route.split(" ");
      expect(doc.paths[path.replaceAll(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()], route).toBeDefined();
      expect(["POST", "PUT"]).toContain(method);
    }
  });
});
