import { createRoute, z } from "@hono/zod-openapi";
import { jsonResponse } from "../api/responses";
import { newRouter } from "../http/openapi";

export const healthRouter = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/healthz",
    tags: ["Health"],
    operationId: "health",
    summary: "Liveness",
    description: "Answers 200 while the server is up. Needs no key.",
    security: [],
    responses: {
      200: jsonResponse(z.object({ status: z.literal("ok") }).openapi("Health"), "The server is up."),
    },
  }),
  (c) => c.json({ status: "ok" as const }, 200),
);
