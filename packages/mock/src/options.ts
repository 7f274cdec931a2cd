import { TIERS } from "@driftstack/server";
import { DEFAULT_ACCOUNT } from "./default-account";
import type { Clock, Tier } from "./public-types";
import type { MockSeeder } from "./seed";

/** The SDK's default base URL: a client with no configuration talks to the mock. */
export const DEFAULT_BASE_URL = "http://localhost:8787";

export { DEFAULT_ACCOUNT };

export type KeyScope = "read" | "admin";
export type MemberRole = "member" | "admin";

/** An account the mock creates on start and keeps across `reset()`. */
export interface MockAccountOptions {
  /** Default: the account's handle. */
  name?: string;
  /** Default: `api_builder`. */
  tier?: Tier;
  /** The negotiated cap of an `enterprise` account (absent or null: none); other tiers ignore it, as the server does. */
  profileCap?: number | null;
  /** Keys beyond the admin key every account gets, e.g. `["read"]`. */
  keys?: KeyScope[];
  /** Other accounts of this mock (by handle) that are members of this one, with their role. */
  members?: Record<string, MemberRole>;
}

/** `Handle` is inferred from `accounts`, so `mock.accounts.team` is typed without a check. */
export interface DriftstackMockOptions<Handle extends string = string> {
  /** Where the API is intercepted. A path is the prefix the API lives under. Default: `http://localhost:8787`. */
  baseUrl?: string | string[];
  /** Tier of the default account: shorthand for `accounts.default.tier`. */
  tier?: Tier;
  /** Accounts by handle; `default` configures the default account, any other handle adds one. */
  accounts?: { [K in Handle]: MockAccountOptions };
  /** "Now" for everything the server stamps: a clock, or a fixed instant. Default: the system clock. */
  clock?: Clock | Date | number;
  /** Latency added to every response, in milliseconds; kept by `reset()`. */
  latencyMs?: number;
  /** Creates data on start and again after every `reset()`, e.g. `(seed) => seed.profiles(["a", "b"])`. */
  seed?: (seed: MockSeeder) => Promise<unknown>;
}

export interface AccountPlan {
  handle: string;
  name: string;
  tier: Tier;
  profileCap: number | null;
  keys: KeyScope[];
  members: Record<string, MemberRole>;
}

export interface MockPlan {
  baseUrls: string[];
  accounts: AccountPlan[];
  clock: Clock;
  latencyMs: number;
  seed: ((seed: MockSeeder) => Promise<unknown>) | undefined;
}

/** Checks the options up front, so a mistake throws where the mock is created rather than inside a request. */
export function planMock(options: DriftstackMockOptions): MockPlan {
  const accounts: Record<string, MockAccountOptions | undefined> = { ...options.accounts };
  const defaults = accounts[DEFAULT_ACCOUNT];
  if (options.tier && defaults?.tier && options.tier !== defaults.tier) {
    throw new TypeError("Set the default account's tier once: `tier` or `accounts.default.tier`, not both.");
  }
  accounts[DEFAULT_ACCOUNT] = { name: "Mock account", ...defaults, tier: defaults?.tier ?? options.tier };
  const plans = Object.entries(accounts).map(([handle, account]) => planAccount(handle, account ?? {}));
  const handles = new Set(plans.map((p) => p.handle));
  for (const plan of plans) {
    for (const member of Object.keys(plan.members)) {
      if (!handles.has(member)) {
        throw new TypeError(`Account "${plan.handle}" lists "${member}", which is not configured.`);
      }
      if (member === plan.handle) throw new TypeError(`Account "${member}" cannot be a member of itself.`);
    }
  }
  // The default account first: it is created first and owns `mock.apiKey`.
  plans.sort((a, b) => Number(b.handle === DEFAULT_ACCOUNT) - Number(a.handle === DEFAULT_ACCOUNT));
  const latencyMs = options.latencyMs ?? 0;
  if (!(latencyMs >= 0)) throw new TypeError("`latencyMs` must be a number of milliseconds, 0 or more.");
  return {
    baseUrls: planBaseUrls(options.baseUrl ?? DEFAULT_BASE_URL),
    accounts: plans,
    clock: planClock(options.clock),
    latencyMs,
    seed: options.seed,
  };
}

function planAccount(handle: string, account: MockAccountOptions): AccountPlan {
  const tier = account.tier ?? "api_builder";
  if (!TIERS.includes(tier)) {
    throw new TypeError(`Account "${handle}": unknown tier "${tier}"; one of ${TIERS.join(", ")}.`);
  }
  for (const scope of account.keys ?? []) {
    if (scope !== "read" && scope !== "admin") {
      throw new TypeError(`Account "${handle}": unknown key scope "${scope}".`);
    }
  }
  for (const [member, role] of Object.entries(account.members ?? {})) {
    if (role !== "member" && role !== "admin") {
      throw new TypeError(`Account "${handle}": member "${member}" has unknown role "${role}".`);
    }
  }
  return {
    handle,
    name: account.name ?? handle,
    tier,
    profileCap: account.profileCap ?? null,
    keys: account.keys ?? [],
    members: account.members ?? {},
  };
}

function planBaseUrls(baseUrl: string | string[]): string[] {
  const list = Array.isArray(baseUrl) ? baseUrl : [baseUrl];
  if (list.length === 0) throw new TypeError("`baseUrl` needs at least one URL.");
  return list.map((url) => {
    const parsed = new URL(url);
    if (parsed.search || parsed.hash) throw new TypeError(`Base URL ${url} must not have a query or fragment.`);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
  });
}

function planClock(clock: DriftstackMockOptions["clock"]): Clock {
  if (clock === undefined) return { now: () => Date.now() };
  if (typeof clock === "number" || clock instanceof Date) {
    const fixed = typeof clock === "number" ? clock : clock.getTime();
    if (!Number.isFinite(fixed)) throw new TypeError("`clock` must be a valid instant.");
    return { now: () => fixed };
  }
  return clock;
}
