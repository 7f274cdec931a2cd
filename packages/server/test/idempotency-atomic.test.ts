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
