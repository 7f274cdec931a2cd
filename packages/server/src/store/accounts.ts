import { and, count, eq } from "drizzle-orm";
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
    .where(eq(apiKeys.secretHash, await sha256Hex(secret)));
  return row ? { ...row, account: row.account as Account } : undefined;
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
