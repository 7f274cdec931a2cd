import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createApp } from "../src/app";
import { openDatabaseUrl } from "../src/node/database";
import { createAccount } from "../src/operator";
import { manualClock } from "./support/harness";

it("keeps the keys in flight per database: an app on another database in the same process never answers 409 for them", async () => {
  // Two database files with the same account and API key: one made, then copied.
  const dir = mkdtempSync(join(tmpdir(), "driftstack-idem-books-"));
  const setup = await openDatabaseUrl(`file:${join(dir, "a.db")}`);
  const { apiKey } = await createAccount(setup, { name: "twin", tier: "enterprise", profileCap: null });
  await setup.client.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // the copy must hold the account
  setup.close();
  copyFileSync(join(dir, "a.db"), join(dir, "b.db"));
  const dbA = await openDatabaseUrl(`file:${join(dir, "a.db")}`);
  const dbB = await openDatabaseUrl(`file:${join(dir, "b.db")}`);
  const [appA, appB] = [createApp({ db: dbA, clock: manualClock() }), createApp({ db: dbB, clock: manualClock() })];
  const post = (app: typeof appA, key: string) =>
    app.request("/v1/profiles", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey.secret}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({ name: `twin-${key}` }),
    });
  // Key use stamped and expired keys swept now, not while A's write slot is held.
  for (const app of [appA, appB]) expect((await post(app, "warm-up")).status).toBe(200);

  let release = () => {};
  const held = dbA.write(() => new Promise<void>((done) => (release = done)));
  const onA = post(appA, "k");
  await new Promise((wait) => setTimeout(wait, 200)); // A has claimed "k" and waits for its write slot
  expect((await post(appA, "k")).status).toBe(409); // the same database: in flight
  const onB = await post(appB, "k");
  expect(onB.status).toBe(200);
  expect(onB.headers.get("idempotent-replayed")).toBeNull();
  release();
  await held;
  expect((await onA).status).toBe(200);
  for (const db of [dbA, dbB]) {
    const rows = (await db.client.execute("SELECT count(*) AS n FROM profiles WHERE name = 'twin-k'")).rows;
    expect(Number(rows[0]?.n)).toBe(1);
  }
});
