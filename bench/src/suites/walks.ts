import { Driftstack } from "@driftstack/sdk";
import type { BenchConfig } from "../config";
import type { ServerProcess } from "../servers/spawn";
import { since } from "../stats";

export interface Walk {
  ms: number;
  items: number;
  /** Every id lower than the one before: newest first, no repeats. */
  ordered: boolean;
  /** The `next_cursor` that leads to page `config.deepPage`: the id of the item before it. */
  deepCursor: string | undefined;
}

/** Every profile of the account through the SDK's `for await`. */
export async function sdkWalk(server: ServerProcess, apiKey: string, config: BenchConfig): Promise<Walk> {
  const ds = new Driftstack({ apiKey, baseUrl: server.url });
  const cursorIndex = (config.deepPage - 1) * config.pageSize - 1;
  let items = 0;
  let ordered = true;
  let previous: string | undefined;
  let deepCursor: string | undefined;
  const start = performance.now();
  for await (const profile of ds.profiles.list({ limit: config.pageSize })) {
    if (previous !== undefined && profile.id >= previous) ordered = false;
    if (items === cursorIndex) deepCursor = profile.id;
    previous = profile.id;
    items++;
  }
  return { ms: since(start), items, ordered, deepCursor };
}

/** The same walk with bare `fetch` + `JSON.parse`, following `next_cursor` by hand. */
export async function bareWalk(server: ServerProcess, apiKey: string, config: BenchConfig): Promise<number> {
  const start = performance.now();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${cursor}` : "";
    const res = await fetch(`${server.url}/v1/profiles?limit=${config.pageSize}${query}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    if (!res.ok) throw new Error(`bare walk: ${res.status}`);
    const page = JSON.parse(await res.text()) as { next_cursor: string | null };
    cursor = page.next_cursor;
  } while (cursor);
  return since(start);
}
