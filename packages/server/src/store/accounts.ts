import { and, asc, count, eq, isNull } from "drizzle-orm";
import { newId } from "../domain/ids";
import { newApiSecret, sha256Hex } from "../domain/secrets";
import type { Tier } from "../domain/tiers";
import type { Executor } from "./database";
import { accounts, apiKeys, memberships, profiles } from "./schema";

/**
 * An account row. Written out rather than inferred from the table so the published `.d.ts`
 * names no drizzle type; test/published-types.test.ts keeps it equal to the table's row.
 */
export interface Account {
  id: string;
  name: string;
  tier: Tier;
  profileCap: number | null;
  createdAt: number;
}
export type Scope = "read" | "admin";
export type MemberRole = "member" | "admin";

export async function insertAccount(
  tx: Executor,
  input: { name: string; tier: Tier; profileCap: number | null; now: number },
): Promise<Account> {
  const row = {
    id: newId("account", input.now),
    name: input.name,
    tier: input.tier,
    profileCap: input.profileCap,
    createdAt: input.now,
  };
  await tx.insert(accounts).values(row);
  return row;
}

/** Creates a key and returns its secret: the only time the secret exists outside the caller. */
export async function insertApiKey(
  tx: Executor,
  input: { accountId: string; scope: Scope; now: number; secret?: string },
): Promise<{ id: string; secret: string; scope: Scope }> {
  const secret = input.secret ?? newApiSecret();
  const id = newId("apiKey", input.now);
  await tx.insert(apiKeys).values({
    id,
    accountId: input.accountId,
    scope: input.scope,
    secretHash: await sha256Hex(secret),
    createdAt: input.now,
  });
  return { id, secret, scope: input.scope };
}

export async function upsertMembership(
  tx: Executor,
  input: { accountId: string; memberAccountId: string; role: MemberRole; now: number },
): Promise<void> {
  await tx
    .insert(memberships)
    .values({ ...input, createdAt: input.now })
    .onConflictDoUpdate({ target: [memberships.accountId, memberships.memberAccountId], set: { role: input.role } });
}

export async function findAccount(q: Executor, id: string): Promise<Account | undefined> {
  const [row] = await q.select().from(accounts).where(eq(accounts.id, id));
  return row as Account | undefined;
}

export type KeyLookup = NonNullable<Awaited<ReturnType<typeof findKeyBySecret>>>;

export async function findKeyBySecret(q: Executor, secret: string) {
  const [row] = await q
    .select({ keyId: apiKeys.id, scope: apiKeys.scope, account: accounts })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.secretHash, await sha256Hex(secret)), isNull(apiKeys.revokedAt)));
  return row ? { ...row, account: row.account as Account } : undefined;
}

/** Whether the key is still valid: one primary-key read, so a cached lookup still sees a revocation at once. */
export async function keyIsLive(q: Executor, keyId: string): Promise<boolean> {
  const [row] = await q
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  return row !== undefined;
}

export async function touchKey(tx: Executor, keyId: string, now: number): Promise<void> {
  await tx.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, keyId));
}

/** A key as operators see it: never its secret or hash. */
export interface KeySummary {
  id: string;
  accountId: string;
  scope: Scope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const keySummary = {
  id: apiKeys.id,
  accountId: apiKeys.accountId,
  scope: apiKeys.scope,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export async function listAccounts(q: Executor): Promise<Account[]> {
  return (await q.select().from(accounts).orderBy(asc(accounts.id))) as Account[];
}

export async function listKeys(q: Executor, accountId: string): Promise<KeySummary[]> {
  return q.select(keySummary).from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(asc(apiKeys.id));
}

/** Marks the key revoked (keeping the first revocation's time); undefined when there is no such key. */
export async function revokeKey(tx: Executor, keyId: string, now: number): Promise<KeySummary | undefined> {
  await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  const [row] = await tx.select(keySummary).from(apiKeys).where(eq(apiKeys.id, keyId));
  return row;
}

export async function findMembership(q: Executor, accountId: string, memberAccountId: string) {
  const [row] = await q
    .select({ role: memberships.role, account: accounts })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.memberAccountId, memberAccountId)));
  return row ? { role: row.role, account: row.account as Account } : undefined;
}

export async function countProfiles(q: Executor, accountId: string): Promise<number> {
  const [row] = await q.select({ n: count() }).from(profiles).where(eq(profiles.accountId, accountId));
  return row?.n ?? 0;
}
