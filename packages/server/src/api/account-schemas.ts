import { z } from "@hono/zod-openapi";
import { TIERS } from "../domain/tiers";

export const Account = z
  .object({
    id: z.string().openapi({ example: "acct_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f62" }),
    name: z.string().openapi({ example: "Acme scraping" }),
    tier: z.enum(TIERS).openapi({ example: "solo_manual" }),
    profile_cap: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The tier's profile cap; null for every enterprise account (negotiated).", example: 5 }),
    profile_count: z.number().int().openapi({ example: 2 }),
    role: z
      .enum(["owner", "admin", "member"])
      .openapi({ description: "The caller's role on the account acted on.", example: "owner" }),
    scope: z.enum(["read", "admin"]).openapi({ description: "The calling key's scope.", example: "admin" }),
  })
  .openapi("Account");
