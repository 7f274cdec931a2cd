import { createDriftstackMock } from "@driftstack/mock";
import { createAccount, createApp, openDatabase } from "@driftstack/server";
import { createClient } from "@libsql/client";
import { http } from "msw";
import { setupServer } from "msw/node";
import type { BenchConfig } from "../config";
import { count } from "../report/format";
import type { Section } from "../report/types";
import { callRow, compareCalls } from "./in-process";

type Get = () => Promise<unknown>;

/** Hosts of the floor rows' handlers: each row runs with only its own handler listening. */
const FORWARD = "http://forward.bench.local";
const FIXED = "http://fixed.bench.local";

interface DirectApp {
  /** `GET /v1/profiles/:id` through `app.fetch`, the baseline of every row. */
  get: Get;
  app: ReturnType<typeof createApp>;
  /** That request's path and headers, and its answer's body. */
  path: string;
  headers: Record<string, string>;
  body: string;
  close: () => void;
}

async function readJson(res: Response): Promise<{ id: string }> {
  if (!res.ok) throw new Error(`GET /v1/profiles/:id: ${res.status}`);
  return JSON.parse(await res.text()) as { id: string };
}

/** The same app on the same kind of database as the mock (in-memory libSQL, one connection), called directly. */
async function directApp(): Promise<DirectApp> {
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
  const path = `/v1/profiles/${id}`;
  const get = async () => readJson(await app.fetch(new Request(`http://localhost:8787${path}`, { headers })));
  const body = JSON.stringify(await get());
  return { get, app, path, headers, body, close: () => db.close() };
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
    // What no handler forwarding to the app can go below: MSW's interception with one plain
    // handler and no mock code, alone in the server's list as the mock's handlers were.
    const through = (host: string) => async () =>
      readJson(await fetch(`${host}${direct.path}`, { headers: direct.headers }));
    server.resetHandlers(http.all(`${FORWARD}/*`, ({ request }) => direct.app.fetch(request)));
    const floor = await compareCalls(
      { ours: through(FORWARD), baseline: direct.get },
      config.rounds,
      config.inProcessCalls,
    );
    server.resetHandlers(
      http.all(`${FIXED}/*`, () => new Response(direct.body, { headers: { "content-type": "application/json" } })),
    );
    const msw = await compareCalls(
      { ours: through(FIXED), baseline: direct.get },
      config.rounds,
      config.inProcessCalls,
    );
    return {
      title: "Mock overhead",
      baseline:
        "`app.fetch(request)` on the server's app over an in-memory libSQL database (the mock's own setup), without MSW.",
      rows: [
        {
          ...callRow("`GET /v1/profiles/:id` through `@driftstack/mock` + msw/node `fetch`: time per call", result),
          target: { op: "<=", value: 1.5 },
        },
        callRow(
          "floor: the same `fetch` through msw/node to one `http.all` handler that hands the request to `app.fetch` (no mock code)",
          floor,
        ),
        callRow("msw/node alone: the same `fetch` to one handler answering a fixed copy of the profile", msw),
      ],
      notes: [
        `${config.rounds} round(s) of ${count(config.inProcessCalls)} sequential calls per side after a warm-up round. The mock side is what a test pays per request: MSW's interception of global \`fetch\`, the mock's handler, then the same app.`,
        "The floor rows run with only their own handler in the server's list. The floor is what a plain MSW handler forwarding to the app pays; the mock's own matching skips part of it, so the mock's row can sit just under the floor. The last row is MSW's interception by itself (a copy of the request, events, an `AbortController` aborted after the resolver, the answer rebuilt from its body stream and teed for MSW's `response` event): its time over the baseline's says how much of the app's cost MSW adds again on every request.",
      ],
    };
  } finally {
    server.close();
    await mock.close();
    direct.close();
  }
}
