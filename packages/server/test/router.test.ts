import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { ProblemError } from "../src/domain/problem";
import { createRoute, newRouter } from "../src/http/openapi";

/**
 * newRouter (http/openapi.ts) on a route of its own. The API's routers are built while their
 * modules load; this one is built inside the test, so what newRouter gives every route is
 * checked here directly.
 */
describe("newRouter", () => {
  const count = createRoute({
    method: "get",
    path: "/count",
    request: { query: z.object({ n: z.coerce.number().int().min(1) }) },
    responses: { 200: { description: "the count" } },
  });

  function router() {
    const thrown: unknown[] = [];
    const r = newRouter();
    r.openapi(count, (c) => c.json({ n: c.req.valid("query").n }, 200));
    r.onError((err, c) => {
      thrown.push(err);
      return c.text("handled", 500);
    });
    return { r, thrown };
  }

  it("turns a request that fails its schema into a 400 ValidationFailed naming the field", async () => {
    const { r, thrown } = router();
    await r.request("/count?n=0");
    expect(thrown).toHaveLength(1);
    const [problem] = thrown as ProblemError[];
    expect(problem).toBeInstanceOf(ProblemError);
    expect(problem?.code).toBe("ValidationFailed");
    expect(problem?.status).toBe(400);
    expect(problem?.extensions.errors).toEqual([{ path: "n", message: expect.stringMatching(/1/) }]);
  });

  it("hands a request that passes its schema to the handler", async () => {
    const { r, thrown } = router();
    const res = await r.request("/count?n=3");
    expect(thrown).toEqual([]);
    expect(await res.json()).toEqual({ n: 3 });
  });

  it("documents the shared problems on every route it registers", () => {
    const r = router().r;
    const doc = r.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    const responses = doc.paths?.["/count"]?.get?.responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(["200", "400", "401", "403", "431"]);
  });
});
