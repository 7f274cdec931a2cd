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

/** autocannon on both servers after a warm-up each, `rounds` times, alternating which side goes first. */
export async function pairedLoad(
  config: BenchConfig,
  servers: { ours: ServerProcess; bare: ServerProcess },
  endpoint: LoadedEndpoint,
  rounds: number,
): Promise<{ ours: LoadResult[]; bare: LoadResult[] }> {
  const { ours, bare } = servers;
  await measure(ours, endpoint, config.warmupSeconds, config);
  await measure(bare, endpoint, config.warmupSeconds, config);
  const runs: { ours: LoadResult[]; bare: LoadResult[] } = { ours: [], bare: [] };
  for (let round = 0; round < rounds; round++) {
    for (const server of round % 2 === 0 ? [ours, bare] : [bare, ours]) {
      (server === ours ? runs.ours : runs.bare).push(await measure(server, endpoint, config.loadSeconds, config));
    }
  }
  return runs;
}
