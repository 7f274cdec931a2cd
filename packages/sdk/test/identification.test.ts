import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../server/src/node/logger";
import { Metrics } from "../../server/src/node/metrics";
import { nodeTelemetry } from "../../server/src/node/telemetry";
import { testApp } from "../../server/test/support/harness";
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

  it("is what the server's request log names as the caller's SDK", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const { log } = createLogger({ level: "info", destination });
    const logged = await setup(() => testApp({ telemetry: (db) => nodeTelemetry(log, new Metrics(db)) }));
    const ds = logged.client(await logged.account());
    await ds.account.me();
    expect(lines.filter((l) => l.msg === "request").map((l) => l.sdk)).toEqual([`js/${VERSION}`]);
  });
});
