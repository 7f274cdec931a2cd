import {
  addMember,
  createAccount,
  createApp,
  createFakeDriver,
  createKey,
  type Database,
  newApiSecret,
  SessionService,
  systemClock,
} from "@driftstack/server";
import { ACCOUNTS, HANDLES, type Handle } from "../accounts";
import type { TargetAccount } from "./types";

/**
 * The server's own app on a fresh database, with the accounts of `ACCOUNTS`
 * created through the operator functions the CLI uses. Sessions run on the
 * fake driver, as the mock's do, so session suites mean the same on every
 * target. `reset()` swaps in a new database and app; the secrets stay, the
 * ids change.
 */
export class ServerApp {
  readonly #openDb: () => Promise<Database>;
  readonly #secrets = new Map(HANDLES.map((h) => [h, { admin: newApiSecret(), read: newApiSecret() }]));
  #accounts = new Map<Handle, TargetAccount>();
  #db: Database | undefined;
  #sessions: SessionService | undefined;
  #app: ReturnType<typeof createApp> | undefined;

  constructor(openDb: () => Promise<Database>) {
    this.#openDb = openDb;
  }

  readonly fetch = (request: Request): Promise<Response> => {
    if (!this.#app) throw new Error("The app is not open.");
    return Promise.resolve(this.#app.fetch(request));
  };

  account(handle: Handle): TargetAccount {
    const account = this.#accounts.get(handle);
    if (!account) throw new Error(`No account "${handle}": open the app first.`);
    return account;
  }

  async open(): Promise<void> {
    await this.close();
    const db = await this.#openDb();
    this.#db = db;
    this.#accounts = await provision(db, this.#secrets);
    this.#sessions = new SessionService({ db, driver: createFakeDriver(), clock: systemClock });
    this.#app = createApp({ db, sessions: this.#sessions });
  }

  async close(): Promise<void> {
    await this.#sessions?.shutdown();
    this.#db?.close();
    this.#sessions = undefined;
    this.#db = undefined;
    this.#app = undefined;
  }
}

async function provision(
  db: Database,
  secrets: Map<Handle, { admin: string; read: string }>,
): Promise<Map<Handle, TargetAccount>> {
  const accounts = new Map<Handle, TargetAccount>();
  for (const handle of HANDLES) {
    const plan = ACCOUNTS[handle];
    const secret = secrets.get(handle) as { admin: string; read: string };
    const profileCap = "profileCap" in plan ? plan.profileCap : null;
    const { account, apiKey } = await createAccount(db, {
      name: plan.name,
      tier: plan.tier,
      profileCap,
      secret: secret.admin,
    });
    const readKey = await createKey(db, { accountId: account.id, scope: "read", secret: secret.read });
    accounts.set(handle, {
      id: account.id,
      apiKey: apiKey.secret,
      adminKeyId: apiKey.id,
      readKey: readKey.secret,
      readKeyId: readKey.id,
    });
  }
  for (const handle of HANDLES) {
    const plan = ACCOUNTS[handle];
    if (!("members" in plan)) continue;
    for (const [member, role] of Object.entries(plan.members)) {
      const memberAccountId = (accounts.get(member as Handle) as TargetAccount).id;
      await addMember(db, { accountId: (accounts.get(handle) as TargetAccount).id, memberAccountId, role });
    }
  }
  return accounts;
}
