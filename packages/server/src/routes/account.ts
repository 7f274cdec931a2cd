import { Account } from "../api/account-schemas";
import { presentAccount } from "../api/account-wire";
import { jsonResponse } from "../api/responses";
import { createRoute, newRouter } from "../http/openapi";
import { countProfiles } from "../store/accounts";

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
    const profileCount = await c.var.deps.db.read((q) => countProfiles(q, c.var.caller.account.id));
    return c.json(presentAccount(c.var.caller, profileCount), 200);
  },
);
