import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabaseUrl } from "../../src/node/database";
import { createAccount } from "../../src/operator";
import { killHard, type ServerProcess, spawnServer } from "./server-process";

/**
 * `kill -9` a real server under concurrent idempotent writes (creates and
 * clones), restart it on the same file, retry every request that got no
 * answer with its key, and check the guarantees the README states.
 */
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const REQUESTS = 48;
const CONCURRENCY = 8;
/** Kill once this many requests were answered, so that some are answered and some are in flight. */
const KILL_AFTER = 12;

const dbUrl = `file:${join(mkdtempSync(join(tmpdir(), "driftstack-crash-")), "crash.db")}`;
const servers: ServerProcess[] = [];
let key: string;

type Answered = { id?: string; name?: string };

interface Attempt {
  key: string;
  path: string;
  body: Record<string, unknown>;
  answer?: { status: number; json: Answered };
}

function send(base: string, attempt: Attempt) {
  return fetch(base + attempt.path, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": attempt.key },
    body: JSON.stringify(attempt.body),
  });
}

async function listNames(base: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  // A cursor that stops advancing fails the test instead of looping on.
  for (let pages = 1; ; pages++) {
    if (pages > 1_000) throw new Error("more than 1,000 pages: the cursor does not advance");
    const res = await fetch(`${base}/v1/profiles?limit=100${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const page = (await res.json()) as { data: { name: string }[]; next_cursor: string | null };
    names.push(...page.data.map((p) => p.name));
    cursor = page.next_cursor;
    if (!cursor) return names;
  }
}

beforeAll(async () => {
  const db = await openDatabaseUrl(dbUrl);
  key = (await createAccount(db, { name: "crash", tier: "enterprise", profileCap: null })).apiKey.secret;
  db.close();
});

afterAll(async () => {
  await Promise.all(servers.map(killHard));
});

describe("kill -9 under idempotent write load", () => {
  it("loses no acknowledged write, applies no request twice, and replays stored answers after restart", async () => {
    const first = await spawnServer(dbUrl);
    servers.push(first);
    const source = (await (
      await send(first.base, { key: "source", path: "/v1/profiles", body: { name: "source" } })
    ).json()) as { id: string };

    const attempts: Attempt[] = Array.from({ length: REQUESTS }, (_, i) =>
      i % 2 === 0
        ? { key: `create-${i}`, path: "/v1/profiles", body: { name: `crash-${i}`, description: `request ${i}` } }
        : { key: `clone-${i}`, path: `/v1/profiles/${source.id}/clone`, body: {} },
    );
    let answered = 0;
    let killed: Promise<void> | undefined;
    let next = 0;
    const worker = async () => {
      while (next < attempts.length && !killed) {
        const attempt = attempts[next++] as Attempt;
        try {
          const res = await send(first.base, attempt);
          attempt.answer = { status: res.status, json: (await res.json()) as Answered };
          if (++answered === KILL_AFTER) killed = killHard(first);
        } catch {
          // No answer: the server died with this request in flight (or before it arrived).
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await (killed ?? killHard(first));

    const acknowledged = attempts.filter((a) => a.answer);
    const unanswered = attempts.filter((a) => !a.answer);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    for (const a of acknowledged) expect(a.answer?.status, a.key).toBe(200);

    const second = await spawnServer(dbUrl);
    servers.push(second);
    // Every acknowledged write survived, and its retry replays the stored answer.
    for (const a of acknowledged) {
      const retry = await send(second.base, a);
      expect(retry.status, a.key).toBe(200);
      expect(retry.headers.get("idempotent-replayed"), a.key).toBe("true");
      expect(await retry.json(), a.key).toEqual(a.answer?.json);
    }
    // Every request without an answer runs now, or replays if it had committed; either way once.
    for (const a of attempts.filter((x) => !x.answer)) {
      const retry = await send(second.base, a);
      expect(retry.status, a.key).toBe(200);
      a.answer = { status: 200, json: (await retry.json()) as Answered };
      const again = await send(second.base, a);
      expect(again.headers.get("idempotent-replayed"), a.key).toBe("true");
      expect(await again.json(), a.key).toEqual(a.answer.json);
    }
    // Requests never sent before the kill run too (their keys are fresh).
    const names = await listNames(second.base);
    expect(names.length).toBe(1 + REQUESTS);
    expect(new Set(names).size).toBe(names.length);
    const ids = attempts.map((a) => a.answer?.json.id);
    expect(new Set(ids).size).toBe(REQUESTS);
    console.log(`kill -9: ${acknowledged.length} answered before the kill, ${unanswered.length} retried after restart`);
  });
});
