import { createRoute, z } from "@hono/zod-openapi";
import { cursorParam, limitParam, pageOf } from "../api/pagination";
import { jsonResponse } from "../api/responses";
import { newRouter } from "../http/openapi";
import { AUDIT_ACTIONS, listAudit } from "../store/audit";

const EXAMPLE_AUDIT_ID = "aud_0196b1c2-7a10-7b2e-8c3d-4e5f60718294";

const AuditEntry = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_AUDIT_ID }),
    action: z.enum(AUDIT_ACTIONS).openapi({ example: "profile.created" }),
    account_id: z.string().openapi({ description: "The account the change was made in." }),
    actor: z
      .object({ key_id: z.string(), account_id: z.string() })
      .openapi({ description: "The API key that made the change and the account that key belongs to." }),
    target: z.object({ type: z.enum(["profile", "snapshot", "session"]), id: z.string() }),
    payload: z.record(z.string(), z.unknown()).openapi({
      description:
        "Action details: `profile.created` carries `cloned_from` or `restored_from_snapshot` when so; `profile.updated` carries `changes: {field: {from, to}}`.",
      example: {
        name: "production (copy)",
        archetype: "iphone16pro_ios18_7_safari26_4",
        cloned_from: "prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60",
      },
    }),
    created_at: z.string().openapi({ example: "2026-05-09T22:00:00.000Z" }),
  })
  .openapi("AuditEntry");

export const auditLogRouter = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Audit log"],
    operationId: "listAuditLog",
    summary: "List audit entries",
    description:
      "Every mutation of the account, newest first: profile created (with provenance), updated, deleted; snapshot created, deleted; session created, destroyed. Each entry is written in the same transaction as its change, so an entry exists exactly when its change committed. Filters: `action`, `target_id`.",
    request: {
      query: z.strictObject({
        limit: limitParam,
        cursor: cursorParam(EXAMPLE_AUDIT_ID),
        action: z
          .enum(AUDIT_ACTIONS)
          .optional()
          .openapi({ param: { name: "action", in: "query" } }),
        target_id: z
          .string()
          .optional()
          .openapi({ param: { name: "target_id", in: "query" }, description: "Entries about this resource." }),
      }),
    },
    responses: {
      200: jsonResponse(pageOf(AuditEntry, "AuditEntryPage"), "A page of audit entries."),
    },
  }),
  async (c) => {
    const { target_id, ...query } = c.req.valid("query");
    const page = await c.var.deps.db.read((q) =>
      listAudit(q, c.var.caller.account.id, { ...query, targetId: target_id }),
    );
    return c.json(page, 200);
  },
);
