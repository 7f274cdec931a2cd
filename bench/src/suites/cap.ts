import type { BenchConfig } from "../config";
import { count, ms } from "../report/format";
import type { Section } from "../report/types";
import type { ServerProcess } from "../servers/spawn";
import type { BenchDatabase } from "../setup/bench-database";
import { median, since } from "../stats";

const CAP = 25;

/** `requests` POST /v1/profiles at once; answers counted by status. */
async function burst(server: ServerProcess, account: { id: string; apiKey: string }, requests: number, tag: string) {
  const start = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const res = await fetch(`${server.url}/v1/profiles`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${account.apiKey}`,
          "x-account-id": account.id,
          "content-type": "application/json",
        },
        body: JSON.stringify({ name: `${tag}-${i}` }),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const byStatus = new Map<number, number>();
  for (const status of statuses) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  return { ms: since(start), byStatus };
}

function describe(byStatus: Map<number, number>): string {
  return [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${n} × ${status}`)
    .join(", ");
}

/**
 * 200 parallel creates on a fresh `api_builder` account (cap 25) against the
 * same burst on the bare server, which inserts every one (it has no cap).
 */
export async function capUnderLoad(
  config: BenchConfig,
  bench: BenchDatabase,
  ours: ServerProcess,
  bare: ServerProcess,
): Promise<Section> {
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  const outcomes: string[] = [];
  let exact = true;
  for (let round = 0; round < config.rounds; round++) {
    const account = await bench.newAccount("api_builder", `bench-cap-${round}`);
    const runOurs = async () => {
      const result = await burst(ours, account, config.capRequests, `cap-${round}`);
      oursMs.push(result.ms);
      outcomes.push(describe(result.byStatus));
      if (result.byStatus.get(200) !== CAP || result.byStatus.get(429) !== config.capRequests - CAP) exact = false;
      const stored = await bench.db.client.execute({
        sql: "SELECT count(*) AS n FROM profiles WHERE account_id = ?",
        args: [account.id],
      });
      if (Number(stored.rows[0]?.n) !== CAP) exact = false;
    };
    const runBare = async () => {
      const result = await burst(bare, bench.writer, config.capRequests, `bare-cap-${process.pid}-${round}`);
      if (result.byStatus.get(200) !== config.capRequests) throw new Error(`bare burst: ${describe(result.byStatus)}`);
      bareMs.push(result.ms);
    };
    if (round % 2 === 0) {
      await runOurs();
      await runBare();
    } else {
      await runBare();
      await runOurs();
    }
  }
  return {
    title: "Cap enforcement under load",
    baseline: `the same ${count(config.capRequests)} parallel POSTs to the bare server, which inserts every one (it has no cap).`,
    rows: [
      {
        measure: `${count(config.capRequests)} parallel creates on a cap-${CAP} (api_builder) account: time to answer all`,
        ours: ms(median(oursMs)),
        baseline: ms(median(bareMs)),
        ratio: median(oursMs) / median(bareMs),
      },
      {
        measure: `creates that succeeded (cap ${CAP})`,
        ours: exact ? `${CAP} of ${count(config.capRequests)}, every round` : "not exactly 25: see below",
        baseline: `${count(config.capRequests)} of ${count(config.capRequests)} (no cap)`,
        ratio: null,
      },
    ],
    problems: exact ? [] : [`the cap of ${CAP} did not hold exactly under ${config.capRequests} parallel creates`],
    notes: [
      `Answers per round (a fresh account each): ${outcomes.join("; ")}. ${exact ? `Exactly ${CAP} succeeded and ${CAP} rows exist in every round.` : "**The cap did not hold exactly: see the counts.**"}`,
      `Over loopback HTTP, one connection per request (undici's default pool). ${config.rounds} round(s), sides alternating; the ratio is of the medians.`,
    ],
  };
}
