import { type Database, openDatabase } from "@driftstack/server";
import type { Client } from "@libsql/client";
import { delay, type RequestHandler } from "msw";
import { type Account, drawAccounts, type MockAccount, provisionAccounts } from "./accounts";
import { buildApp, type MockApp } from "./app";
import { Faults, type MockFaults } from "./faults";
import { atRoot, createHandlers } from "./handlers";
import { DEFAULT_ACCOUNT, type DriftstackMockOptions, planMock } from "./options";
import { clearData } from "./reset";
import { createSeeder, type MockSeeder } from "./seed";

export interface DriftstackMock<Handle extends string = string> {
  /** Pass to `setupServer(...)` (Node) or `setupWorker(...)` (browser). */
  readonly handlers: RequestHandler[];
  /** The default account's admin key: usable at once. */
  readonly apiKey: string;
  /** The default account's id; known once `ready` resolves. */
  readonly accountId: string;
  /** The first base URL the mock intercepts. */
  readonly baseUrl: string;
  readonly baseUrls: readonly string[];
  /** The default account. */
  readonly account: MockAccount;
  /** Every configured account by handle, `default` included. */
  readonly accounts: Readonly<Record<Handle | typeof DEFAULT_ACCOUNT, MockAccount>>;
  /** Resolves once the database, accounts, keys and seed exist. Handlers wait for it by themselves. */
  readonly ready: Promise<void>;
  readonly seed: MockSeeder;
  readonly faults: MockFaults;
  /** Empties the data and the fault rules, keeps the accounts and keys, then runs the `seed` option again. */
  reset(): Promise<void>;
  /** Closes the in-memory database; the handlers fail afterwards. */
  close(): Promise<void>;
}

/** Opens an empty in-memory libSQL database: the runtime entries differ only in this. */
export type OpenMemoryClient = () => Promise<Client>;

export function createMock<Handle extends string>(
  openClient: OpenMemoryClient,
  options: DriftstackMockOptions<Handle>,
): DriftstackMock<Handle> {
  const plan = planMock(options as DriftstackMockOptions);
  const accounts = drawAccounts(plan.accounts);
  const byHandle = Object.fromEntries(accounts.map((a) => [a.handle, a])) as Record<string, Account>;
  const defaultAccount = byHandle[DEFAULT_ACCOUNT] as Account;
  const faults = new Faults(plan.clock);
  let db: Database | undefined;
  let app: MockApp | undefined;

  const built = (async () => {
    db = await openDatabase(await openClient(), { singleConnection: true });
    await provisionAccounts(db, accounts, plan.clock.now());
    app = buildApp(db, plan.clock);
  })();

  const seed = createSeeder(
    async (path, init) => {
      await built;
      return (app as MockApp).app.request(path, init);
    },
    (handle) => {
      const account = byHandle[handle];
      if (!account) throw new TypeError(`No account "${handle}" is configured in this mock.`);
      return account.apiKey;
    },
  );

  const ready = built.then(async () => {
    await plan.seed?.(seed);
  });
  // A failed setup surfaces through `await mock.ready` and every handler, not as an unhandled rejection.
  ready.catch(() => {});

  let closed = false;
  async function serve(request: Request, path: string): Promise<Response> {
    await ready;
    if (closed) throw new Error("This Driftstack mock is closed.");
    if (plan.latencyMs > 0) await delay(plan.latencyMs);
    const forced = await faults.apply(request.method, path);
    if (forced) return forced;
    return (app as MockApp).app.fetch(await atRoot(request, path));
  }

  return {
    handlers: createHandlers(plan.baseUrls, serve),
    apiKey: defaultAccount.apiKey,
    get accountId() {
      return defaultAccount.id;
    },
    baseUrl: plan.baseUrls[0] as string,
    baseUrls: plan.baseUrls,
    account: defaultAccount,
    accounts: byHandle as Record<Handle | typeof DEFAULT_ACCOUNT, MockAccount>,
    ready,
    seed,
    faults,
    async reset() {
      await ready;
      faults.clear();
      await app?.sessions.shutdown();
      await clearData(db as Database);
      app = buildApp(db as Database, plan.clock);
      await plan.seed?.(seed);
    },
    async close() {
      await built.catch(() => {});
      closed = true;
      await app?.sessions.shutdown();
      db?.close();
    },
  };
}
