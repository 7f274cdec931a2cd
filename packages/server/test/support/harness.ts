import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { createApp } from "../../src/app";
import type { Clock } from "../../src/domain/clock";
import type { Telemetry } from "../../src/domain/telemetry";
import type { Tier } from "../../src/domain/tiers";
import { openDatabaseUrl } from "../../src/node/database";
import { addMember, createAccount, createKey } from "../../src/operator";
import { type Database, openDatabase } from "../../src/store/database";

export interface TestAccount {
  id: string;
  key: string;
  keyId: string;
}

/**
 * A real app on a real libSQL database: in memory by default, or a temporary
 * file (`file: true`) to exercise the connection pool and SQLite's locking.
 */
export async function testApp(
  options: { file?: boolean; clock?: Clock; telemetry?: (db: Database) => Telemetry } = {},
) {
  const db: Database = options.file
    ? await openDatabaseUrl(`file:${join(mkdtempSync(join(tmpdir(), "driftstack-test-")), "test.db")}`)
    : await openDatabase(createClient({ url: ":memory:" }), { singleConnection: true });
  const app = createApp({ db, clock: options.clock, telemetry: options.telemetry?.(db) });

  async function account(tier: Tier = "api_builder", profileCap: number | null = null): Promise<TestAccount> {
    const { account, apiKey } = await createAccount(db, { name: `test ${tier}`, tier, profileCap });
    return { id: account.id, key: apiKey.secret, keyId: apiKey.id };
  }

  async function readKey(accountId: string): Promise<string> {
    return (await createKey(db, { accountId, scope: "read" })).secret;
  }

  async function member(owner: TestAccount, memberAccount: TestAccount, role: "member" | "admin") {
    await addMember(db, { accountId: owner.id, memberAccountId: memberAccount.id, role });
  }

  /** A request as `who`: JSON bodies are serialised and typed as such. */
  function call(
    who: TestAccount | string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const key = typeof who === "string" ? who : who?.key;
    const init: RequestInit = { method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    if (key) h.authorization = `Bearer ${key}`;
    if (body !== undefined) {
      h["content-type"] ??= "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    return Promise.resolve(app.request(path, init));
  }

  return { app, db, account, readKey, member, call };
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** A clock tests can move by hand. */
export function manualClock(start = Date.parse("2026-05-09T22:00:00.000Z")) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
