import { Driftstack } from "@driftstack/sdk";
import type { createApp } from "@driftstack/server";
import type { BenchConfig } from "../config";
import { count } from "../report/format";
import type { Section } from "../report/types";
import type { BenchDatabase } from "../setup/bench-database";
import { callRow, compareCalls } from "./in-process";

const BASE_URL = "http://bench.local";

/** Both sides against a `fetch` that answers with a canned profile: no server work at all. */
async function stubComparison(body: string, id: string, apiKey: string, config: BenchConfig) {
  const fetch = async (_request: Request) =>
    new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  const ds = new Driftstack({ apiKey, baseUrl: BASE_URL, fetch });
  const headers = { authorization: `Bearer ${apiKey}` };
  const bare = async () =>
    JSON.parse(await (await fetch(new Request(`${BASE_URL}/v1/profiles/${id}`, { headers }))).text());
  return compareCalls({ ours: () => ds.profiles.get(id), baseline: bare }, config.rounds, config.inProcessCalls * 4);
}

/**
 * The part of the SDK's cost that its timeouts need whatever the code around
 * them does: an `AbortController` and timer per call, and a `Request` that
 * follows its signal (Node 20's undici adds a listener, a WeakRef and a
 * finalizer per such Request). Measured as a bare call with that added, so a
 * missed target can be read against what no rewrite of the SDK can remove.
 */
function withTimeoutSignal(
  url: string,
  headers: Record<string, string>,
  fetch: (request: Request) => Promise<Response>,
) {
  return async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      return JSON.parse(await (await fetch(new Request(url, { headers, signal: controller.signal }))).text());
    } finally {
      clearTimeout(timer);
    }
  };
}

/** `ds.profiles.get(id)` against a bare `fetch` + `JSON.parse` of the same request, both through the in-process app. */
export async function sdkOverhead(
  config: BenchConfig,
  bench: BenchDatabase,
  app: ReturnType<typeof createApp>,
): Promise<Section> {
  const fetch = (request: Request) => Promise.resolve(app.fetch(request));
  const { apiKey, profileIds } = bench.reader;
  const id = profileIds[0] as string;
  const ds = new Driftstack({ apiKey, baseUrl: BASE_URL, fetch });
  const headers = { authorization: `Bearer ${apiKey}` };
  const bare = async () => {
    const res = await fetch(new Request(`${BASE_URL}/v1/profiles/${id}`, { headers }));
    if (!res.ok) throw new Error(`GET /v1/profiles/:id: ${res.status}`);
    return JSON.parse(await res.text()) as { id: string };
  };
  const [viaSdk, viaFetch] = [await ds.profiles.get(id), await bare()];
  if (viaSdk.id !== id || viaFetch.id !== id) throw new Error("the SDK and fetch disagree on the profile");
  const result = await compareCalls(
    { ours: () => ds.profiles.get(id), baseline: bare },
    config.rounds,
    config.inProcessCalls,
  );
  const floor = await compareCalls(
    { ours: withTimeoutSignal(`${BASE_URL}/v1/profiles/${id}`, headers, fetch), baseline: bare },
    config.rounds,
    config.inProcessCalls,
  );
  const stub = await stubComparison(JSON.stringify(viaFetch), id, apiKey, config);
  return {
    title: "SDK overhead",
    baseline:
      "a bare `fetch` + `JSON.parse` of the same request; both sides get the same injected `fetch: (req) => app.fetch(req)` (the app in this process, on the same database file).",
    rows: [
      { ...callRow("`ds.profiles.get(id)`: time per call", result), target: { op: "<=", value: 1.1 } },
      callRow("floor: the bare call plus the per-call abort signal and timer the SDK's timeouts need", floor),
      callRow("the same call against a `fetch` that answers at once: the SDK's own cost", stub),
    ],
    notes: [
      `${config.rounds} round(s) of ${count(config.inProcessCalls)} sequential calls per side after a warm-up round; medians over rounds. Both times include the app's own work, which is the same on both sides; the difference is the SDK's.`,
    ],
  };
}
