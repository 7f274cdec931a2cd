import type { createApp } from "@driftstack/server";
import { sha256Hex } from "../../../packages/server/src/domain/secrets";
import { findKeyBySecret } from "../../../packages/server/src/store/accounts";
import { findProfile } from "../../../packages/server/src/store/profiles";
import type { BenchConfig } from "../config";
import { count } from "../report/format";
import type { Row, Section } from "../report/types";
import { createBareHandler } from "../servers/bare-app";
import { GET_ONE } from "../servers/profile-sql";
import type { BenchDatabase } from "../setup/bench-database";
import { type Comparison, compareCalls } from "./in-process";

/** The auth lookup as the server's `findKeyBySecret` builds it, written out. */
const KEY_BY_HASH = `SELECT k.id, k.scope, a.id, a.name, a.tier, a.profile_cap, a.created_at
  FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.secret_hash = ?`;

function row(measure: string, result: Comparison, baseline: string): Row {
  return {
    measure,
    ours: `${count(result.oursUs)} µs`,
    baseline: `${count(result.baselineUs)} µs (${baseline})`,
    ratio: result.ratio,
  };
}

/**
 * Where a `GET /v1/profiles/:id` spends its time, in this process: the whole
 * app against the baseline's handler, then the route's two database lookups
 * through drizzle against the same SQL on the raw client.
 */
export async function requestCost(
  config: BenchConfig,
  bench: BenchDatabase,
  app: ReturnType<typeof createApp>,
): Promise<Section> {
  const { apiKey, id: accountId, profileIds } = bench.reader;
  const client = bench.db.client;
  const bare = createBareHandler(bench.url);
  let i = 0;
  const nextId = () => profileIds[i++ % profileIds.length] as string;
  const calls = config.inProcessCalls;
  const whole = await compareCalls(
    {
      ours: async () => {
        const headers = { authorization: `Bearer ${apiKey}` };
        const res = await app.fetch(new Request(`http://bench.local/v1/profiles/${nextId()}`, { headers }));
        await res.text();
      },
      baseline: async () => {
        const headers = { "x-account-id": accountId };
        const res = await bare(new Request(`http://bench.local/v1/profiles/${nextId()}`, { headers }));
        await res.text();
      },
    },
    config.rounds,
    calls,
  );
  const auth = await compareCalls(
    {
      ours: () => findKeyBySecret(bench.db.orm, apiKey),
      baseline: async () => client.execute({ sql: KEY_BY_HASH, args: [await sha256Hex(apiKey)] }),
    },
    config.rounds,
    calls,
  );
  const profile = await compareCalls(
    {
      ours: () => findProfile(bench.db.orm, accountId, nextId()),
      baseline: () => client.execute({ sql: GET_ONE, args: [accountId, nextId()] }),
    },
    config.rounds,
    calls,
  );
  const hash = await compareCalls(
    { ours: () => sha256Hex(apiKey), baseline: () => Promise.resolve(apiKey) },
    config.rounds,
    calls,
  );
  return {
    title: "GET /v1/profiles/:id, cost per request in process",
    baseline:
      "the baseline server's handler called directly; for each lookup, the same SQL on the raw libSQL client (the auth lookup's side hashes the key too).",
    rows: [
      row("whole request: `app.fetch` (middleware, auth, route)", whole, "bare handler, one query"),
      row("auth lookup: `findKeyBySecret` (SHA-256 + drizzle)", auth, "SHA-256 + raw SQL"),
      row("profile lookup: `findProfile` (drizzle)", profile, "raw SQL"),
      {
        measure: "SHA-256 of the API key (WebCrypto), once per request",
        ours: `${count(hash.oursUs)} µs`,
        baseline: "–",
        ratio: null,
      },
    ],
    notes: [
      `Every Driftstack request runs two queries (the key, then the profile) where the baseline runs one. ${config.rounds} round(s) of ${count(calls)} sequential calls per side after a warm-up round; medians.`,
    ],
  };
}
