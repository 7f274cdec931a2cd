import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ProblemError } from "../domain/problem";
import { findKeyBySecret, findMembership } from "../store/accounts";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the bearer key, the account acted on and the caller's role on it,
 * then enforces scope (writes need an admin key) and role (members only read).
 * Runs before body validation, so the check order is 401, 403, then 400.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const { db, keys } = c.var.deps;
  const secret = bearerSecret(c.req.header("authorization"));
  let key = secret ? keys.get(secret) : undefined;
  if (secret && !key) {
    key = await db.read((q) => findKeyBySecret(q, secret));
    if (key) keys.set(secret, key);
  }
  if (!key) {
    throw new ProblemError(
      "Unauthorized",
      secret ? "The API key is not valid." : "Send an API key as `Authorization: Bearer dsk_…`.",
      { headers: { "WWW-Authenticate": 'Bearer realm="driftstack"' } },
    );
  }

  const asAccount = c.req.header("x-driftstack-account");
  let account = key.account;
  let role: "owner" | "admin" | "member" = "owner";
  if (asAccount !== undefined && asAccount !== key.account.id) {
    const membership = await db.read((q) => findMembership(q, asAccount, key.account.id));
    if (!membership) {
      throw new ProblemError(
        "Forbidden",
        `X-Driftstack-Account ${JSON.stringify(asAccount)} does not name an account this key's account is a member of.`,
      );
    }
    account = membership.account;
    role = membership.role;
  }

  if (WRITE_METHODS.has(c.req.method)) {
    if (key.scope !== "admin") {
      throw new ProblemError("Forbidden", "This API key has read scope; writes need an admin key.");
    }
    if (role === "member") {
      throw new ProblemError(
        "Forbidden",
        `Members of account ${account.id} may read but not write; ask for the admin role.`,
      );
    }
  }

  c.set("caller", {
    keyId: key.keyId,
    keyAccountId: key.account.id,
    scope: key.scope,
    account: { id: account.id, name: account.name, tier: account.tier, profileCap: account.profileCap },
    role,
  });
  await next();
});

function bearerSecret(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
