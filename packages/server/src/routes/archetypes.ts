import { ArchetypePage, ListArchetypesQuery } from "../api/archetype-schemas";
import { toPage } from "../api/pagination";
import { jsonResponse } from "../api/responses";
import { ARCHETYPES } from "../domain/archetypes";
import { validationFailed } from "../domain/problem";
import { createRoute, newRouter } from "../http/openapi";

export const archetypesRouter = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Archetypes"],
    operationId: "listArchetypes",
    summary: "List device archetypes",
    description:
      "The device + OS + Safari triples a profile can be pinned to, in catalogue order, with the figures a session's browser is given. Paginated like every list; the cursor is the previous page's last archetype id.",
    request: { query: ListArchetypesQuery },
    responses: {
      200: jsonResponse(ArchetypePage, "A page of archetypes."),
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
