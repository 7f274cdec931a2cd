/**
 * A small app: makes the account's profiles match a list of names, creating
 * the missing ones (pinned to an archetype) and deleting the ones not listed.
 * Its offline test is test/sync-profiles.test.ts, against @driftstack/mock.
 *
 *   DRIFTSTACK_API_KEY=dsk_… node --import tsx examples/sync-profiles.ts checkout search
 */
import { Driftstack, type ProfileCreateParams } from "@driftstack/sdk";

type ArchetypeId = NonNullable<ProfileCreateParams["archetype"]>;

export interface SyncResult {
  created: string[];
  deleted: string[];
  kept: string[];
}

export async function syncProfiles(
  ds: Driftstack,
  wanted: string[],
  archetype: ArchetypeId = "iphone16pro_ios18_7_safari26_4",
): Promise<SyncResult> {
  const existing = new Map<string, string>();
  for await (const profile of ds.profiles.list({ limit: 100 })) existing.set(profile.name, profile.id);

  const result: SyncResult = { created: [], deleted: [], kept: [] };
  for (const name of wanted) {
    if (existing.has(name)) {
      result.kept.push(name);
      continue;
    }
    // The SDK sends an Idempotency-Key and retries network failures and 5xx, so a flaky
    // network cannot create a profile twice.
    await ds.profiles.create({ name, archetype });
    result.created.push(name);
  }
  for (const [name, id] of existing) {
    if (wanted.includes(name)) continue;
    await ds.profiles.delete(id);
    result.deleted.push(name);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await syncProfiles(new Driftstack(), process.argv.slice(2));
  console.log(JSON.stringify(result));
}
