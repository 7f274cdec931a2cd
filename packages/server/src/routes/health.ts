import { Health } from "../api/health-schemas";
import { jsonResponse } from "../api/responses";
import { createRoute, newRouter } from "../http/openapi";

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
      200: jsonResponse(Health, "The server is up."),
    },
  }),
  (c) => c.json({ status: "ok" as const }, 200),
);
