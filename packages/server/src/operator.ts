import { count } from "drizzle-orm";
import type { Tier } from "./domain/tiers";
import {
  findAccount,
  insertAccount,
  insertApiKey,
  listAccounts,
  listKeys,
  type MemberRole,
  revokeKey,
  type Scope,
  upsertMembership,
} from "./store/accounts";
import type { Database, Executor } from "./store/database";
import { accounts } from "./store/schema";

/**
 * Operator actions behind the CLI and the mock; the HTTP API has no route that
 * creates accounts or keys. `secret` lets the mock hand out a key before its
 * database exists; otherwise one is drawn at random.
 */
export async function createAccount(
  db: Database,
  input: { name: string; tier: Tier; profileCap: number | null; now?: number; secret?: string },
) {
  const now = input.now ?? Date.now();
  return db.write((tx) => insertAccountWithAdminKey(tx, { ...input, now }));
}

async function insertAccountWithAdminKey(
  tx: Executor,
  input: { name: string; tier: Tier; profileCap: number | null; now: number; secret?: string },
) {
  const account = await insertAccount(tx, input);
  const apiKey = await insertApiKey(tx, {
    accountId: account.id,
    scope: "admin",
    now: input.now,
    secret: input.secret,
  });
  return { account, apiKey };
}

export async function createKey(
  db: Database,
  input: { accountId: string; scope: Scope; now?: number; secret?: string },
) {
  return db.write(async (tx) => {
    if (!(await findAccount(tx, input.accountId))) throw new OperatorError(`No account ${input.accountId}.`);
    return insertApiKey(tx, { ...input, now: input.now ?? Date.now() });
  });
}

export async function addMember(
  db: Database,
  input: { accountId: string; memberAccountId: string; role: MemberRole; now?: number },
) {
  if (input.accountId === input.memberAccountId) throw new OperatorError("An account cannot be a member of itself.");
  return db.write(async (tx) => {
    for (const id of [input.accountId, input.memberAccountId]) {
      if (!(await findAccount(tx, id))) throw new OperatorError(`No account ${id}.`);
    }
    await upsertMembership(tx, { ...input, now: input.now ?? Date.now() });
    return { account_id: input.accountId, member_account_id: input.memberAccountId, role: input.role };
  });
}

export async function accountsList(db: Database) {
  return db.read((q) => listAccounts(q));
}

export async function keysList(db: Database, accountId: string) {
  return db.read(async (q) => {
    if (!(await findAccount(q, accountId))) throw new OperatorError(`No account ${accountId}.`);
    return listKeys(q, accountId);
  });
}

/**
 * Revokes a key for good. The revocation is announced once committed
 * (domain/revocation-signal.ts): every server sharing this database drops
 * its cached keys on its next request, so the key answers 401 at once.
 */
export async function keysRevoke(db: Database, keyId: string, now = Date.now()) {
  const key = await db.write((tx) => revokeKey(tx, keyId, now));
  if (!key) throw new OperatorError(`No API key ${keyId}.`);
  try {
    db.revocations.announce();
  } catch (err) {
    throw new OperatorError(
      `Key ${keyId} is revoked, but announcing it failed (${(err as Error).message}): servers that cached it may accept it for up to 5 s.`,
    );
  }
  return key;
}

/**
 * On a database with no accounts, creates the dev account and its admin key.
 * Returns them the one time it does, so the caller can print the secret once.
 */
export async function ensureDevAccount(db: Database) {
  const now = Date.now();
  return db.write(async (tx) => {
    const [row] = await tx.select({ n: count() }).from(accounts);
    if ((row?.n ?? 0) > 0) return undefined;
    return insertAccountWithAdminKey(tx, { name: "Dev account", tier: "api_builder", profileCap: null, now });
  });
}

/** A mistake in an operator's request: printed without a stack trace. */
export class OperatorError extends Error {
  override name = "OperatorError";
}
