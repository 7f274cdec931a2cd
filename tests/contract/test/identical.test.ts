import { APIError, type Driftstack } from "@driftstack/sdk";
import { describe, expect, it } from "vitest";
import { TARGETS, type Target } from "../src/targets";
import { callOf, fixture, NOWHERE, OPERATIONS } from "./support/operations";

const ID = /\b(prof|psnap|sess|acct|key|aud|req)_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\b/g;
// Ends the fixture's resources, so they run after everything that reads them.
const LAST = ["destroySession", "deleteSnapshot", "deleteProfile"];
const ORDER = [...Object.keys(OPERATIONS).filter((id) => !LAST.includes(id)), ...LAST];

/** Ids become `prof#1`, `prof#2`… in order of appearance, times become `<time>`: what is left must match. */
function normaliser() {
  const seen = new Map<string, string>();
  const counts = new Map<string, number>();
  const text = (s: string) =>
    s
      .replace(ID, (id, prefix: string) => {
        if (!seen.has(id)) {
          counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
          seen.set(id, `${prefix}#${counts.get(prefix)}`);
        }
        return seen.get(id) as string;
      })
      .replace(TIME, "<time>");
  const value = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (v instanceof Uint8Array) return `<${v.length} bytes>`;
    if (Array.isArray(v)) return v.map(value);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
    return v;
  };
  return value;
}

async function outcome(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    const result = await promise;
    // A list answers a Page; its wire envelope is what the targets must agree on.
    if (result && typeof result === "object" && "has_more" in result) {
      const { data, has_more, next_cursor } = result as { data: unknown; has_more: boolean; next_cursor: unknown };
      return { data, has_more, next_cursor };
    }
    return { ok: result ?? null };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { error: error.constructor.name, status: error.status, body: error.body };
  }
}

/** Every operation, on real ids, on ids that name nothing, and with a read key. */
async function transcript(target: Target): Promise<unknown[]> {
  const admin: Driftstack = target.makeClient(target.account("default").apiKey);
  const reader = target.makeClient(target.account("default").readKey);
  const ids = await fixture(admin);
  const lines: unknown[] = [];
  for (const id of ORDER) lines.push([id, "reader", await outcome(callOf(id)(reader, ids))]);
  for (const id of ORDER) lines.push([id, "admin", await outcome(callOf(id)(admin, ids))]);
  for (const id of ORDER) lines.push([id, "nowhere", await outcome(callOf(id)(admin, NOWHERE))]);
  const normalise = normaliser();
  return lines.map(normalise);
}

describe("the same calls on every target", () => {
  it("get the same answers, ids and times aside", async () => {
    const transcripts: { name: string; lines: unknown[] }[] = [];
    for (const factory of TARGETS) {
      const target = await factory.create();
      try {
        transcripts.push({ name: factory.name, lines: await transcript(target) });
        expect(await target.recorder.takeViolations()).toEqual([]);
      } finally {
        await target.close();
      }
    }
    const [first, ...others] = transcripts;
    for (const other of others) {
      expect(other.lines, `${other.name} against ${first?.name}`).toEqual(first?.lines);
    }
  });
});
