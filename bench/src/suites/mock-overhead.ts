import { createDriftstackMock } from "@driftstack/mock";
import { createAccount, createApp, openDatabase } from "@driftstack/server";
import { createClient } from "@libsql/client";
import { setupServer } from "msw/node";
import type { BenchConfig } from "../config";
import { count } from "../report/format";
import type { Section } from "../report/types";
import { compareCalls } from "./in-process";

type Get = () => Promise<unknown>;

async function readJson(res: Response): Promise<{ id: string }> {
  if (!res.ok) throw new Error(`GET /v1/profiles/:id: ${res.status}`);
  return JSON.parse(await res.text()) as { id: string };
}

/** The same app on the same kind of database as the mock (in-memory libSQL, one connection), called directly. */
async function directApp(): Promise<{ get: Get; close: () => void }> {
  const db = await openDatabase(createClient({ url: ":memory:" }), { singleConnection: true });
  const { apiKey } = await createAccount(db, { name: "direct", tier: "enterprise", profileCap: null });
  const app = createApp({ db });
  const headers = { authorization: `Bearer ${apiKey.secret}`, "content-type": "application/json" };
  const created = await app.fetch(
    new Request("http://localhost:8787/v1/profiles", {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "bench" }),
    }),
  );
  const { id } = await readJson(created);
  const get = async () =>
    readJson(await app.fetch(new Request(`http://localhost:8787/v1/profiles/${id}`, { headers })));
  return { get, close: () => db.close() };
}

/** A request through `@driftstack/mock` on msw/node against the same request to the app in this process. */
export async function mockOverhead(config: BenchConfig): Promise<Section> {
  const mock = createDriftstackMock({ tier: "enterprise" });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: "bypass" });
  const direct = await directApp();
  try {
    await mock.ready;
    const [profile] = await mock.seed.profiles(["bench"]);
    const url = `${mock.baseUrl}/v1/profiles/${(profile as { id: string }).id}`;
    const headers = { authorization: `Bearer ${mock.apiKey}` };
    const viaMock = async () => readJson(await fetch(url, { headers }));
    await viaMock();
    const result = await compareCalls({ ours: viaMock, baseline: direct.get }, config.rounds, config.inProcessCalls);
    return {
      title: "Mock overhead",
      baseline:
        "`app.fetch(request)` on the server's app over an in-memory libSQL database (the mock's own setup), without MSW.",
      rows: [
        {
          measure: "`GET /v1/profiles/:id` through `@driftstack/mock` + msw/node `fetch`: time per call",
          ours: `${count(result.oursUs)} µs`,
          baseline: `${count(result.baselineUs)} µs`,
          ratio: result.ratio,
          target: { op: "<=", value: 1.5 },
        },
      ],
      notes: [
        `${config.rounds} round(s) of ${count(config.inProcessCalls)} sequential calls per side after a warm-up round. The mock side is what a test pays per request: MSW's interception of global \`fetch\`, the mock's handler, then the same app.`,
      ],
    };
  } finally {
    server.close();
    await mock.close();
    direct.close();
  }
}
