import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { badRequest, type FuzzRequest } from "../src/requests";
import { OPERATIONS } from "../src/spec";
import { newWorld } from "../src/world";

/**
 * Bad requests for every operation in spec/openapi.yaml, against the
 * in-process app. `pnpm test` runs a seeded sample; `pnpm test:fuzz` sets
 * FUZZ_RUNS (10,000 or more) and a fresh seed (FUZZ_SEED to replay one).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : 20261201));
/** A new world every this many requests, so a successful delete does not starve the rest of the run. */
const WORLD_REQUESTS = 150;

const PROBLEM_TYPE = "application/problem+json";

async function check(app: Awaited<ReturnType<typeof newWorld>>, request: FuzzRequest): Promise<void> {
  const label = `${request.init.method} ${request.url.slice(0, 200)} ${JSON.stringify(request.init.headers).slice(0, 200)} body=${(request.init.body ?? "").slice(0, 200)}`;
  const before = await app.digest();
  const res = await app.app.request(request.url, request.init);
  const text = await res.text();
  expect(res.status, label).toBeLessThan(500);
  expect([...request.op.statuses], `${label}: ${res.status} ${text.slice(0, 300)}`).toContain(res.status);
  expect(res.headers.get("x-request-id"), label).toMatch(/^req_/);
  if (res.status < 400) return;
  expect(res.headers.get("content-type"), label).toBe(PROBLEM_TYPE);
  const problem = JSON.parse(text) as { code?: string; status?: number; request_id?: string };
  expect(problem.status, label).toBe(res.status);
  expect(typeof problem.code, label).toBe("string");
  expect(problem.request_id, label).toBe(res.headers.get("x-request-id"));
  expect(await app.digest(), `${label}: a refused request changed the database`).toBe(before);
}

describe("fuzz: bad requests for every operation", () => {
  it(`answers ${RUNS} generated requests (seed ${SEED}) with declared 4xx problems and no change, never a 5xx`, async () => {
    const perOperation = Math.ceil(RUNS / OPERATIONS.length);
    let world = await newWorld();
    let sent = 0;
    for (let round = 0; round < perOperation; round++) {
      for (const op of OPERATIONS) {
        if (sent > 0 && sent % WORLD_REQUESTS === 0) {
          await world.close();
          world = await newWorld();
        }
        const [request] = fc.sample(badRequest(op, world.world), { seed: SEED + sent, numRuns: 1 });
        if (!request) throw new Error(`fuzz: nothing generated for ${op.id}`);
        await check(world, request);
        sent++;
      }
    }
    await world.close();
    expect(sent).toBeGreaterThanOrEqual(RUNS);
  }, 600_000);
});
