import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { openDatabaseUrl } from "../src/node/database";
import { createAccount, keysRevoke } from "../src/operator";
import type { Database } from "../src/store/database";
import { countQueries } from "./support/query-counter";

const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** Two servers as two processes see it: each its own connection pool, signal and key cache, one database file. */
async function twoServers(spellings: "same" | "linked" = "same") {
  const dir = mkdtempSync(join(tmpdir(), "driftstack-revoke-"));
  const url = `file:${join(dir, "test.db")}`;
  const dbA = await openDatabaseUrl(url);
  let urlB = url;
  if (spellings === "linked") {
    symlinkSync(join(dir, "test.db"), join(dir, "alias.db"));
    urlB = `file:${join(dir, "alias.db")}`;
  }
  const dbB = await openDatabaseUrl(urlB);
  opened.push(dbA, dbB);
  const { apiKey } = await createAccount(dbA, { name: "revoke", tier: "enterprise", profileCap: null });
  const headers = { authorization: `Bearer ${apiKey.secret}`, "content-type": "application/json" };
  const a = createApp({ db: dbA });
  const b = createApp({ db: dbB });
  const created = await a.request("/v1/profiles", { method: "POST", headers, body: JSON.stringify({ name: "p" }) });
  const profile = (await created.json()) as { id: string };
  const get = (app: typeof a) => app.request(`/v1/profiles/${profile.id}`, { headers });
  return { dbA, dbB, a, b, get, keyId: apiKey.id, signalFile: join(dir, "test.db.key-revocations") };
}

describe("API key revocation", () => {
  it("costs a request with a cached key no query of its own: GET by id is one query", async () => {
    const { dbB, b, get } = await twoServers();
    expect((await get(b)).status).toBe(200); // caches the key
    const queries = countQueries(dbB);
    expect((await get(b)).status).toBe(200);
    expect(queries.statements()).toHaveLength(1);
    expect(queries.statements()[0]).toMatch(/from "?profiles\b/i);
  });

  it("refuses a revoked key at once on the revoking server and on the next request to another", async () => {
    const { dbA, a, b, get, keyId } = await twoServers();
    for (const app of [a, b, a, b]) expect((await get(app)).status).toBe(200);
    await keysRevoke(dbA, keyId);
    const [onA, onB] = [await get(a), await get(b)];
    expect(onA.status).toBe(401);
    expect(onB.status).toBe(401);
    expect(onB.headers.get("content-type")).toBe("application/problem+json");
  });

  it("reaches a server that opened the database file through a link to it", async () => {
    const { dbA, a, b, get, keyId } = await twoServers("linked");
    for (const app of [a, b]) expect((await get(app)).status).toBe(200);
    await keysRevoke(dbA, keyId);
    expect((await get(b)).status).toBe(401);
  });

  it("checks keys by id, never failing a request, while the signal file cannot be read", async () => {
    const { dbA, a, b, get, keyId, signalFile } = await twoServers();
    mkdirSync(signalFile); // a directory in the file's place: reading it fails with EISDIR
    for (const app of [a, b, a, b]) expect((await get(app)).status).toBe(200);
    await expect(keysRevoke(dbA, keyId)).rejects.toThrow(/is revoked, but announcing it failed/);
    expect((await get(b)).status).toBe(401);
    expect((await get(a)).status).toBe(401);
    rmSync(signalFile, { recursive: true });
  });

  it("leaves other keys working after a revocation, each looked up again once", async () => {
    const { dbA, dbB, b, get } = await twoServers();
    const other = await createAccount(dbA, { name: "other", tier: "enterprise", profileCap: null });
    expect((await get(b)).status).toBe(200);
    await keysRevoke(dbA, other.apiKey.id);
    const queries = countQueries(dbB);
    expect((await get(b)).status).toBe(200);
    expect((await get(b)).status).toBe(200);
    // The first request after the announcement looks its key up again; the second is served from the cache.
    expect(queries.count()).toBe(3);
  });
});
