import { createRoute, z } from "@hono/zod-openapi";
import { cursorParam, limitParam, pageOf } from "../api/pagination";
import { jsonResponse } from "../api/responses";
import { ARCHETYPES, DEFAULT_ARCHETYPE } from "../domain/archetypes";
import { validationFailed } from "../domain/problem";
import { newRouter } from "../http/openapi";
import { toPage } from "../store/paging";

const Size = z.object({ width: z.number().int(), height: z.number().int() });

const Archetype = z
  .object({
    id: z.string().openapi({ example: DEFAULT_ARCHETYPE }),
    device: z.string().openapi({ example: "iPhone 16 Pro" }),
    os_version: z.string().openapi({ example: "18.7" }),
    browser_version: z.string().openapi({ example: "26.4" }),
    user_agent: z.string(),
    viewport: Size.openapi({ description: "Safari's visible area in points, portrait." }),
    screen: Size.openapi({ description: "The device screen in points, portrait." }),
    device_scale_factor: z.number().openapi({ example: 3 }),
    is_mobile: z.boolean(),
    has_touch: z.boolean(),
  })
  .openapi("Archetype");

export const archetypesRouter = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Archetypes"],
    operationId: "listArchetypes",
    summary: "List device archetypes",
    description:
      "The device + OS + Safari triples a profile can be pinned to, in catalogue order, with the figures a session's browser is given. Paginated like every list; the cursor is the previous page's last archetype id.",
    request: {
      query: z.strictObject({ limit: limitParam, cursor: cursorParam(DEFAULT_ARCHETYPE) }),
    },
    responses: {
      200: jsonResponse(pageOf(Archetype, "ArchetypePage"), "A page of archetypes."),
    },
  }),
  (c) => {
    const { limit, cursor } = c.req.valid("query");
    let start = 0;
    if (cursor !== undefined) {
      const index = ARCHETYPES.findIndex((a) => a.id === cursor);
      if (index < 0)
        throw validationFailed([{ path: "cursor", message: "must be an archetype id from a previous page" }]);
      start = index + 1;
    }
    return c.json(
      toPage(ARCHETYPES.slice(start, start + limit + 1), limit, (a) => a),
      200,
    );
  },
);
