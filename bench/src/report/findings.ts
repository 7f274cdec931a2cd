import { meets, type Row, type Section } from "./types";

/**
 * Why a target is missed, printed only for the targets a run misses. Written
 * from what the profile, the per-request costs and the query plans show; each
 * run prints its own figures for them in the sections below.
 */
const EXPLANATIONS: { match: (row: Row) => boolean; why: string }[] = [
  {
    match: (row) => row.measure.startsWith("GET /v1/profiles/:id:"),
    why: "every request does about three times the baseline's work before Hono and zod. It runs two queries where the baseline runs one: the API key is looked up on every request (nothing is cached), then the profile. Both queries are built by drizzle's query builder on every call (no prepared queries): in the CPU profile at the end, drizzle (`is`, `buildQueryFromSourceParams`, `sql`) costs about as much CPU per request as a second query. The key is hashed with WebCrypto's `crypto.subtle.digest` on every request, whose job set-up on the main thread (`run` under `sha256Hex`) is about a tenth of the server's CPU. The profile puts each area's CPU µs per request beside the baseline's, and the cost-per-request section times the two lookups. Reaching 0.6 would need the key lookup cached (a short-lived map from key to caller, dropped when keys change), the hot queries prepared once (drizzle's `.prepare()` with placeholders), and no WebCrypto job per request.",
  },
  {
    match: (row) => row.measure.startsWith("GET /v1/profiles?limit="),
    why: "the same fixed costs as `GET /v1/profiles/:id` (the key lookup, drizzle's query building, the WebCrypto hash) plus drizzle mapping 51 rows. The ratio is closer to the target than the single get because the per-row work (SQLite, JSON) is shared with the baseline.",
  },
  {
    match: (row) => row.measure.startsWith("page 1 vs page"),
    why: "the server writes the keyset condition as `created_at < ? OR (created_at = ? AND id < ?)` (`afterCursor` in packages/server/src/http/pagination.ts). SQLite cannot turn that OR into a range on `profiles_account_created`: the plan uses only `account_id=?`, so a deep page walks and discards every newer row, and a page costs time in proportion to its depth (walking every page is quadratic). The same condition as one row-value comparison, `(created_at, id) < (?, ?)`, gets an index range and returns the same rows at the same cost as page 1 (the third row of the pagination table). `afterCursor` serves every list (profiles, snapshots, sessions, audit log).",
  },
  {
    match: (row) => row.measure.startsWith("`ds.profiles.get(id)`"),
    why: "the SDK's fixed cost per call, shown by the stub row (the same call against a `fetch` that answers at once): openapi-fetch builds a `Request`, then every attempt builds a second one with its own `AbortController`, a timeout timer, an abort listener and a promise race (packages/sdk/src/core/transport.ts). In a profile of that loop, Node's `createAbortSignal`, undici's `Request` constructor and the garbage collector are the top entries. Against the in-process app a call takes about 1 ms, so a fixed ~0.1 ms is over the 15 %; over a real network it would be a far smaller share.",
  },
];

export function explainMisses(sections: Section[]): string {
  const missed = sections.flatMap((section) =>
    section.rows.filter((row) => row.target && row.ratio !== null && !meets(row.ratio, row.target)),
  );
  const problems = sections.flatMap((section) => section.problems ?? []);
  const lines = ["## Targets", ""];
  if (missed.length === 0 && problems.length === 0) lines.push("Every target was met in this run.");
  for (const problem of problems) lines.push(`- **Failed:** ${problem}`);
  for (const row of missed) {
    const why = EXPLANATIONS.find((e) => e.match(row))?.why ?? "no explanation is recorded for this target.";
    lines.push(`- **Missed: ${row.measure}** (ratio ${row.ratio?.toFixed(2)}): ${why}`);
  }
  return `${lines.join("\n")}\n`;
}
