import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { VERSION } from "../src";
import { recording, setup, type TestAccount } from "./support/server";

const packageJson = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as {
  version: string;
};

describe("identification", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let account: TestAccount;
  beforeEach(async () => {
    t = await setup();
    account = await t.account();
  });

  it("VERSION is the package's version (run `pnpm generate` after a version bump)", () => {
    expect(VERSION).toBe(packageJson.version);
  });

  it("sends User-Agent: Driftstack/JS <VERSION>", async () => {
    const wire = recording(t.appFetch);
    await t.client(account, { fetch: wire.fetch }).account.me();
    expect(wire.requests[0]?.headers.get("user-agent")).toBe(`Driftstack/JS ${packageJson.version}`);
  });

  it("numbers every attempt in X-Driftstack-Retry-Count, bodies and idempotency keys unchanged", async () => {
    const seen: Request[] = [];
    const fetch = async (request: Request) => {
      seen.push(request.clone());
      return seen.length < 3 ? new Response("", { status: 503, headers: { "Retry-After": "0" } }) : t.appFetch(request);
    };
    await t.client(account, { fetch }).profiles.create({ name: "counted" });
    expect(seen.map((r) => r.headers.get("x-driftstack-retry-count"))).toEqual(["0", "1", "2"]);
    expect(new Set(seen.map((r) => r.headers.get("idempotency-key"))).size).toBe(1);
    for (const request of seen) expect(await request.json()).toEqual({ name: "counted" });
    expect(seen.every((r) => r.headers.get("user-agent")?.startsWith("Driftstack/JS "))).toBe(true);
  });
});
