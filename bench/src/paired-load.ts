import type { BenchConfig } from "./config";
import { type LoadOptions, type LoadResult, load } from "./load";
import type { ServerProcess } from "./servers/spawn";

/** One request shape under load, as one account (the bare server reads the account from `x-account-id`). */
export interface LoadedEndpoint {
  name: string;
  request: LoadOptions["request"];
  account: { id: string; apiKey: string };
}

export async function measure(server: ServerProcess, endpoint: LoadedEndpoint, seconds: number, config: BenchConfig) {
  const result = await load({
    url: server.url,
    seconds,
    connections: config.connections,
    headers: {
      authorization: `Bearer ${endpoint.account.apiKey}`,
      "x-account-id": endpoint.account.id,
      "content-type": "application/json",
    },
    request: endpoint.request,
  });
  if (result.failures > 0) {
    throw new Error(`${endpoint.name} on the ${server.kind} server: ${result.failures} failed requests`);
  }
  return result;
}

/** One side of a paired measurement: a request shape on a server. */
export interface LoadSide {
  server: ServerProcess;
  endpoint: LoadedEndpoint;
}

/**
 * autocannon on two sides after a warm-up each, `rounds` times, alternating
 * which goes first, so that a slow spell of a shared machine (or its disk)
 * falls on both.
 */
export async function alternatingLoad(
  config: BenchConfig,
  [a, b]: [LoadSide, LoadSide],
  rounds: number,
): Promise<[LoadResult[], LoadResult[]]> {
  for (const side of [a, b]) await measure(side.server, side.endpoint, config.warmupSeconds, config);
  const runs: [LoadResult[], LoadResult[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    for (const index of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const side = index === 0 ? a : b;
      runs[index]?.push(await measure(side.server, side.endpoint, config.loadSeconds, config));
    }
  }
  return runs;
}

/** The same request on Driftstack and on the bare server, alternating (see `alternatingLoad`). */
export async function pairedLoad(
  config: BenchConfig,
  servers: { ours: ServerProcess; bare: ServerProcess },
  endpoint: LoadedEndpoint,
  rounds: number,
): Promise<{ ours: LoadResult[]; bare: LoadResult[] }> {
  const [ours, bare] = await alternatingLoad(
    config,
    [
      { server: servers.ours, endpoint },
      { server: servers.bare, endpoint },
    ],
    rounds,
  );
  return { ours, bare };
}
