import { meets, type Row, type Section } from "./types";

/**
 * Why a target is missed, printed only for the targets a run misses. Written
 * from what the profile, the per-request costs and the query plans show; each
 * run prints its own figures for them in the sections below.
 */
const EXPLANATIONS: { match: (row: Row) => boolean; why: string }[] = [
  {
    match: (row) => row.measure.startsWith("GET /v1/profiles/:id:"),
    why: "each request still does more than the baseline's single query: Hono routing and zod validation of the path, a UUIDv7 request id (`getRandomValues`), the caller's key (from a 5 s cache, or a SHA-256 and a query), and the profile query with its state join and `in_use` subquery. The profile at the end shows the split; on this shared machine the ratio moves by about ±0.05 between runs.",
  },
  {
    match: (row) => row.measure.startsWith("GET /v1/profiles?limit="),
    why: "the fixed costs of `GET /v1/profiles/:id` plus, per row, the `browser_states` join and the `in_use` subquery (what `state_bytes`, `state_updated_at` and `in_use` cost), drizzle's row mapping and the ISO timestamps. The baseline runs the same SQL, so the rest is our per-row JavaScript.",
  },
  {
    match: (row) => row.measure.startsWith("page 1 vs page"),
    why: "the server's keyset condition is the row value `(created_at, id) < (?, ?)`, a range on `profiles_account_created` whose plan is in the notes; a miss here means the plan changed or the run was disturbed: compare the two SQL rows.",
  },
  {
    match: (row) => row.measure.startsWith("`ds.profiles.get(id)`"),
    why: "the SDK's fixed cost per call, shown by the stub row (the same call against a `fetch` that answers at once): openapi-fetch builds the `Request` as a bare `fetch` would, and the SDK adds the retry loop, an `AbortController` and a timer for the per-attempt timeout, and the error mapping, some 15–20 µs. Against the in-process app a whole call takes about 0.4 ms, so that fixed cost is near the 15 %; over a real network it is a far smaller share.",
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
