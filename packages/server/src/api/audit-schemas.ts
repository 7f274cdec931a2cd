import { z } from "@hono/zod-openapi";
import { AUDIT_ACTIONS, AUDIT_TARGETS } from "../domain/audit-actions";
import { cursorParam, limitParam, pageOf } from "./pagination";

const EXAMPLE_AUDIT_ID = "aud_0196b1c2-7a10-7b2e-8c3d-4e5f60718294";

export const AuditEntry = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_AUDIT_ID }),
    action: z.enum(AUDIT_ACTIONS).openapi({ example: "profile.created" }),
    account_id: z.string().openapi({ description: "The account the change was made in." }),
    actor: z
      .object({ key_id: z.string(), account_id: z.string() })
      .openapi({ description: "The API key that made the change and the account that key belongs to." }),
    target: z.object({ type: z.enum(AUDIT_TARGETS), id: z.string() }),
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

export const AuditEntryPage = pageOf(AuditEntry, "AuditEntryPage");

export const ListAuditQuery = z.strictObject({
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
});
