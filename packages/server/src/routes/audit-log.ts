import { AuditEntryPage, ListAuditQuery } from "../api/audit-schemas";
import { presentAudit } from "../api/audit-wire";
import { toPage } from "../api/pagination";
import { jsonResponse } from "../api/responses";
import { createRoute, newRouter } from "../http/openapi";
import { listAudit } from "../store/audit";

export const auditLogRouter = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Audit log"],
    operationId: "listAuditLog",
    summary: "List audit entries",
    description:
      "Every mutation of the account, newest first: profile created (with provenance), updated, deleted; snapshot created, deleted; session created, destroyed. Each entry is written in the same transaction as its change, so an entry exists exactly when its change committed. Filters: `action`, `target_id`.",
    request: { query: ListAuditQuery },
    responses: {
      200: jsonResponse(AuditEntryPage, "A page of audit entries."),
    },
  }),
  async (c) => {
    const { target_id, ...query } = c.req.valid("query");
    const rows = await c.var.deps.db.read((q) =>
      listAudit(q, c.var.caller.account.id, { ...query, targetId: target_id }),
    );
    return c.json(toPage(rows, query.limit, presentAudit), 200);
  },
);
