import { DEFAULT_ACCOUNT } from "./default-account";

export interface ProfileSeed {
  name: string;
  archetype?: string;
  description?: string | null;
}

export interface SnapshotSeed {
  label: string;
  description?: string | null;
}

export interface SeedOptions {
  /** The handle of the account that owns the data. Default: the default account. */
  account?: string;
}

/** A profile as the API returns it (snake_case wire fields). */
export interface SeededProfile {
  id: string;
  name: string;
  archetype: string;
  description: string | null;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** A snapshot as the API returns it (snake_case wire fields). */
export interface SeededSnapshot {
  id: string;
  label: string;
  parent_profile_id: string | null;
  parent_name: string;
  captured_at: string;
  [field: string]: unknown;
}

/**
 * Creates data through the server's own routes, in process: no MSW, no faults, no latency,
 * and every rule (names, archetypes, tier caps) and audit entry exactly as over HTTP.
 * Items are created one after another, so their ids sort in the order given.
 */
export interface MockSeeder {
  /** A string is a profile name. */
  profiles(profiles: (string | ProfileSeed)[], options?: SeedOptions): Promise<SeededProfile[]>;
  /** Captures snapshots of a profile; a string is a label. */
  snapshots(profileId: string, snapshots: (string | SnapshotSeed)[], options?: SeedOptions): Promise<SeededSnapshot[]>;
}

export type AppRequest = (path: string, init: RequestInit) => Promise<Response>;

export function createSeeder(request: AppRequest, adminKey: (account: string) => string): MockSeeder {
  async function post<T>(path: string, body: object, options: SeedOptions): Promise<T> {
    const account = options.account ?? DEFAULT_ACCOUNT;
    const res = await request(path, {
      method: "POST",
      headers: { authorization: `Bearer ${adminKey(account)}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T & { detail?: string };
    if (!res.ok) throw new Error(`Seeding POST ${path} for account "${account}" failed: ${res.status} ${json.detail}`);
    return json;
  }

  return {
    async profiles(profiles, options = {}) {
      const created: SeededProfile[] = [];
      for (const profile of profiles) {
        const body = typeof profile === "string" ? { name: profile } : profile;
        created.push(await post<SeededProfile>("/v1/profiles", body, options));
      }
      return created;
    },
    async snapshots(profileId, snapshots, options = {}) {
      const path = `/v1/profiles/${encodeURIComponent(profileId)}/snapshots`;
      const created: SeededSnapshot[] = [];
      for (const snapshot of snapshots) {
        const body = typeof snapshot === "string" ? { label: snapshot } : snapshot;
        created.push(await post<SeededSnapshot>(path, body, options));
      }
      return created;
    },
  };
}
