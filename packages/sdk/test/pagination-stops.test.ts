import { describe, expect, it } from "vitest";
import { DriftstackError } from "../src";
import { clientOn, scripted } from "./support/wire";

const item = (id: string) => ({ id, name: id });
const page = (ids: string[], has_more: boolean, next_cursor: string | null) => () =>
  Response.json({ data: ids.map(item), has_more, next_cursor });

/** Every item of a list answered by `replies`, and how many requests it took. */
async function walk(...replies: Parameters<typeof scripted>) {
  const wire = scripted(...replies);
  const ids: string[] = [];
  for await (const profile of clientOn(wire.fetch).profiles.list({ limit: 2 })) ids.push(profile.id);
  return { ids, requests: wire.requests.length };
}

describe("a list stops where the envelope says it ends", () => {
  const never = () => new Response("", { status: 500 });

  it("has_more: false ends it, whatever cursor came with it", async () => {
    const wire = scripted(page(["p1", "p2"], false, "p2"), never);
    const first = await clientOn(wire.fetch).profiles.list({ limit: 2 });
    expect(first.hasNextPage()).toBe(false);
    expect(await walk(page(["p1", "p2"], false, "p2"), never)).toEqual({ ids: ["p1", "p2"], requests: 1 });
  });

  it("a null next_cursor ends it, even with has_more: true", async () => {
    const wire = scripted(page(["p1", "p2"], true, null), never);
    const first = await clientOn(wire.fetch).profiles.list({ limit: 2 });
    expect(first.hasNextPage()).toBe(false);
    expect(await walk(page(["p1", "p2"], true, null), never)).toEqual({ ids: ["p1", "p2"], requests: 1 });
  });
});

describe("toArray() needs a usable bound", () => {
  it.each([
    ["negative", -1],
    ["NaN", Number.NaN],
    ["text", "5"],
    ["null", null],
  ])("a %s max is refused before any request", async (_, max) => {
    const wire = scripted(page(["p1", "p2"], false, null));
    const list = clientOn(wire.fetch).profiles.list();
    await expect(list.toArray({ max: max as number })).rejects.toThrow(
      new DriftstackError("toArray() needs a maximum: toArray({ max: 1000 }). Use `for await` to stream."),
    );
    expect(wire.requests).toHaveLength(0);
  });
});
