import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ProblemError } from "../domain/problem";
import type { RevocationSignal } from "../domain/revocation-signal";
import { findKeyBySecret, findMembership, type KeyLookup, keyIsLive, touchKey } from "../store/accounts";
import type { DatabaseHandle } from "../store/database";
import type { KeyCache } from "./key-cache";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the bearer key, the account acted on and the caller's role on it,
 * then enforces scope (writes need an admin key) and role (members only read).
 * Runs before body validation, so the check order is 401, 403, then 400.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const { db, keys, clock, revocations } = c.var.deps;
  const secret = bearerSecret(c.req.header("authorization"));
  const key = secret ? await resolveKey(db, keys, revocations, secret) : undefined;
  if (key && keys.stampDue(key.keyId, clock.now())) {
    const now = clock.now();
    // Fire and forget: "last used" is for operators, and must not hold up the request.
    db.write((tx) => touchKey(tx, key.keyId, now)).catch(() => undefined);
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

/**
 * The cache saves the hash, the join and, while no process sharing the
 * database has revoked a key since the entry was cached, any query at all:
 * `keys revoke` (the CLI, another process) announces each revocation
 * (domain/revocation-signal.ts), so a revoked key answers 401 on the next
 * request to any server. The version is read before the lookup, so a
 * revocation committed after it always changes the version the entry holds.
 * Without a signal (a remote database) a cached key is checked by id.
 */
async function resolveKey(
  db: DatabaseHandle,
  keys: KeyCache,
  revocations: RevocationSignal,
  secret: string,
): Promise<KeyLookup | undefined> {
  const version = revocations.version();
  const cached = keys.get(secret);
  if (cached && version === undefined) {
    return (await db.read((q) => keyIsLive(q, cached.key.keyId))) ? cached.key : undefined;
  }
  if (cached && cached.version === version) return cached.key;
  const found = await db.read((q) => findKeyBySecret(q, secret));
  if (found) keys.set(secret, { key: found, version });
  return found;
}

function bearerSecret(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
