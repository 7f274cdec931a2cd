import { createHash } from "node:crypto";
import {
  createAccount,
  createApp,
  createFakeDriver,
  createKey,
  openDatabase,
  SessionService,
} from "@driftstack/server";
import { createClient } from "@libsql/client";
import type { World } from "./requests";

/** Every table a refused request must leave as it was (idempotency keys may record the refusal itself). */
/**
 * Written by any authenticated request, refused or not (at most once a minute per
 * key, in the background): a record of use, not a change the request made.
 */
const UNWATCHED = new Set(["api_keys.last_used_at"]);

const WATCHED = [
  "accounts",
  "api_keys",
  "memberships",
  "profiles",
  "browser_states",
  "profile_snapshots",
  "audit_log",
  "sessions",
];

/** A fresh in-memory server with a profile, a snapshot, a live session, and another account's profile. */
export async function newWorld() {
  const db = await openDatabase(createClient({ url: ":memory:" }), { singleConnection: true });
  let now = Date.parse("2026-05-09T22:00:00.000Z");
  const clock = { now: () => now++ };
  const sessions = new SessionService({ db, clock, driver: createFakeDriver() });
  const app = createApp({ db, clock, sessions });
  const own = await createAccount(db, { name: "fuzz", tier: "enterprise", profileCap: null });
  const other = await createAccount(db, { name: "other", tier: "enterprise", profileCap: null });
  const readKey = (await createKey(db, { accountId: own.account.id, scope: "read" })).secret;
  const call = async (key: string, method: string, path: string, body: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`fuzz setup: ${method} ${path} answered ${res.status}`);
    return (await res.json()) as { id: string };
  };
  const profile = await call(own.apiKey.secret, "POST", "/v1/profiles", { name: "fuzz-home" });
  const snapshot = await call(own.apiKey.secret, "POST", `/v1/profiles/${profile.id}/snapshots`, { label: "base" });
  const session = await call(own.apiKey.secret, "POST", "/v1/sessions", { profile_id: profile.id });
  const foreign = await call(other.apiKey.secret, "POST", "/v1/profiles", { name: "foreign" });
  const world: World = {
    adminKey: own.apiKey.secret,
    readKey,
    profileId: profile.id,
    snapshotId: snapshot.id,
    sessionId: session.id,
    foreignProfileId: foreign.id,
    foreignAccountId: other.account.id,
  };

  /** A digest of every watched row: equal before and after means nothing changed. */
  async function digest(): Promise<string> {
    const hash = createHash("sha256");
    for (const table of WATCHED) {
      // Through the write queue: a background write (a session ending) may hold the only connection.
      const result = await db.read(() => db.client.execute(`SELECT * FROM ${table} ORDER BY rowid`));
      const columns = result.columns.filter((column) => !UNWATCHED.has(`${table}.${column}`));
      hash.update(JSON.stringify(result.rows.map((row) => columns.map((column) => row[column]))));
    }
    return hash.digest("hex");
  }

  async function close(): Promise<void> {
    await sessions.shutdown();
    db.close();
  }

  return { app, world, digest, close };
}
