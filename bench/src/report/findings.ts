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
    why: "the fixed costs of `GET /v1/profiles/:id`; per row the server now does less than the baseline (a prepared statement in raw mode, each row mapped to the wire in one pass, where the baseline's client builds an object per row), so a miss is the fixed per-request cost or a disturbed run: compare CPU per request in the request-cost section.",
  },
  {
    match: (row) => row.measure.startsWith("POST /v1/profiles: req/s"),
    why: "the baseline commits each INSERT on its own, an fsync of the WAL per request (`synchronous = FULL`), on the event loop's thread; the server commits the creates that arrive together in one transaction (group commit, `store/group-commit.ts`), so its fsyncs are fewer, but each create runs the name check, the insert and the audit entry, each in a savepoint, plus auth, routing and validation: the profile appendix shows the CPU per request on both sides. The ratio follows the disk: the slower its flush, the more group commit gains.",
  },
  {
    match: (row) => row.measure.startsWith("POST with Idempotency-Key"),
    why: "a keyed POST is one commit like a plain one (profile, audit entry and the key's row with its answer, together) and adds one statement to a plain create's: the key's INSERT at the end, carrying the stored answer, so the key's index and the answer's bytes are in the commit too. Above that its CPU per request carries hashing the request for its fingerprint (SHA-256), reading the handler's answer out of its `Response` and sending it again from those bytes (about 20 µs measured alone on Node 20), and the unit of work holding its batch from its first write to its answer. The profile appendix has both POSTs' CPU per request and the ratio follows it: on 2026-12-03, 683 µs keyed against 423 µs plain, of which libSQL +115 µs and Node's HTTP and streams +71 µs. The best ratio measured was 0.79; it moves with the disk's flush time, which varied 4× within an hour on this machine.",
  },
  {
    match: (row) => row.measure.startsWith("page 1 vs page"),
    why: "the server's keyset condition is the row value `(created_at, id) < (?, ?)`, a range on `profiles_account_created` whose plan is in the notes; a miss here means the plan changed or the run was disturbed: compare the two SQL rows.",
  },
  {
    match: (row) => row.measure.startsWith("`ds.profiles.get(id)`"),
    why: "the SDK's fixed cost per call, shown by the stub row (the same call against a `fetch` that answers at once): openapi-fetch builds the `Request` as a bare `fetch` would, and the SDK adds the retry loop, an `AbortController` and a timer for the per-attempt timeout, and the error mapping. The floor row is a bare call with only that signal and timer added: on Node 20 they are most of the gap (a CPU profile of the stub call shows AbortSignal creation, `makeTransferable` and undici's signal following at about a fifth of its time, before their garbage), and they stay, since a timeout must abort a real request. Over a real network the fixed cost is a far smaller share.",
  },
  {
    match: (row) => row.measure.startsWith("`GET /v1/profiles/:id` through `@driftstack/mock`"),
    why: "most of the difference is msw/node itself: its interception of the global `fetch` (a `Request` built from the call, an event emitted to the handlers, the cookie store read, the answer copied back) and its handler matching. The mock's own work per request is one catch-all handler, a path slice and, only when a fault rule exists, the rule matching.",
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
