import { addMember, createAccount, createKey, type Database, newApiSecret } from "@driftstack/server";
import type { AccountPlan, KeyScope } from "./options";
import type { Tier } from "./public-types";

export interface MockKey {
  readonly scope: KeyScope;
  /** Usable at once: drawn before the database exists. */
  readonly secret: string;
  /** The server's key id (as in audit entries); known once `mock.ready` resolves. */
  readonly id: string;
}

export interface MockAccount {
  readonly handle: string;
  readonly name: string;
  readonly tier: Tier;
  /** `acct_…`; known once `mock.ready` resolves. */
  readonly id: string;
  /** The account's first admin key. */
  readonly apiKey: string;
  /** The account's first read key, if `keys` asked for one. */
  readonly readKey: string | undefined;
  /** Every key of the account, the admin key it was created with first. */
  readonly keys: readonly MockKey[];
}

/** Ids come from the database, so they exist only after setup; secrets exist from the start. */
function notReady(what: string): never {
  throw new Error(`${what} is known once the mock is set up: \`await mock.ready\` first.`);
}

class Key implements MockKey {
  #id: string | undefined;
  constructor(
    readonly scope: KeyScope,
    readonly secret: string,
  ) {}
  get id(): string {
    return this.#id ?? notReady("A key id");
  }
  created(id: string): void {
    this.#id = id;
  }
}

class Account implements MockAccount {
  #id: string | undefined;
  readonly keys: Key[];
  constructor(readonly plan: AccountPlan) {
    this.keys = [new Key("admin", newApiSecret()), ...plan.keys.map((scope) => new Key(scope, newApiSecret()))];
  }
  get handle() {
    return this.plan.handle;
  }
  get name() {
    return this.plan.name;
  }
  get tier() {
    return this.plan.tier;
  }
  get id(): string {
    return this.#id ?? notReady(`The id of account "${this.handle}"`);
  }
  created(id: string): void {
    this.#id = id;
  }
  get apiKey(): string {
    return (this.keys[0] as Key).secret;
  }
  get readKey(): string | undefined {
    return this.keys.find((k) => k.scope === "read")?.secret;
  }
}

/** Draws every account's secrets now, synchronously, so `mock.apiKey` works before the database exists. */
export function drawAccounts(plans: AccountPlan[]): Account[] {
  return plans.map((plan) => new Account(plan));
}

/** Creates the accounts, their keys (with the secrets drawn earlier) and memberships. */
export async function provisionAccounts(db: Database, accounts: Account[], now: number): Promise<void> {
  for (const account of accounts) {
    const [adminKey, ...extraKeys] = account.keys as [Key, ...Key[]];
    const { plan } = account;
    const created = await createAccount(db, {
      name: plan.name,
      tier: plan.tier,
      profileCap: plan.profileCap,
      secret: adminKey.secret,
      now,
    });
    account.created(created.account.id);
    adminKey.created(created.apiKey.id);
    for (const key of extraKeys) {
      key.created((await createKey(db, { accountId: account.id, scope: key.scope, secret: key.secret, now })).id);
    }
  }
  const byHandle = new Map(accounts.map((a) => [a.handle, a]));
  for (const account of accounts) {
    for (const [handle, role] of Object.entries(account.plan.members)) {
      const member = byHandle.get(handle) as Account;
      await addMember(db, { accountId: account.id, memberAccountId: member.id, role, now });
    }
  }
}

export type { Account };
