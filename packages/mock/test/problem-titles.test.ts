import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROBLEM_TITLES } from "../src/problem";

/** Every `{type, code, title}` example in the spec, as code → title. */
function specTitles(node: unknown, found = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(node)) {
    for (const item of node) specTitles(item, found);
  } else if (node && typeof node === "object") {
    const { type, code, title } = node as Record<string, unknown>;
    if (typeof type === "string" && type.startsWith("https://driftstack.dev/problems/")) {
      if (typeof code === "string" && typeof title === "string") found.set(code, title);
    }
    for (const value of Object.values(node)) specTitles(value, found);
  }
  return found;
}

describe("the mock's copy of the server's problem titles", () => {
  it("has exactly the spec's codes, with the titles of the spec's examples", () => {
    const spec = parse(readFileSync(join(import.meta.dirname, "../../../spec/openapi.yaml"), "utf8"));
    const codes: string[] = spec.components.schemas.Problem.properties.code.enum;
    expect(Object.keys(PROBLEM_TITLES).sort()).toEqual([...codes].sort());
    // Every code but Internal, which no operation documents, has an example.
    const titles = specTitles(spec);
    expect(titles.size).toBeGreaterThanOrEqual(codes.length - 1);
    for (const [code, title] of titles) expect([code, PROBLEM_TITLES[code]]).toEqual([code, title]);
  });
});
