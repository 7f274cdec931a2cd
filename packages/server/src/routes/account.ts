import { createRoute, z } from "@hono/zod-openapi";
import { jsonResponse } from "../api/responses";
import { profileCap, TIERS } from "../domain/tiers";
import { newRouter } from "../http/openapi";
import { countProfiles } from "../store/accounts";

const Account = z
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

export const accountRouter = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/me",
    tags: ["Account"],
    operationId: "getAccount",
    summary: "The account acted on",
    description:
      "Describes the account the request acts on (the key's own, or the one named by `X-Driftstack-Account`), its tier and cap, how many profiles it holds, and the caller's role and key scope. Enterprise accounts report `profile_cap: null` whatever their negotiated cap.",
    responses: {
      200: jsonResponse(Account, "The account."),
    },
  }),
  async (c) => {
    const { account, role, scope } = c.var.caller;
    const profileCount = await c.var.deps.db.read((q) => countProfiles(q, account.id));
    return c.json(
      {
        id: account.id,
        name: account.name,
        tier: account.tier,
        profile_cap: account.tier === "enterprise" ? null : profileCap(account),
        profile_count: profileCount,
        role,
        scope,
      },
      200,
    );
  },
);
