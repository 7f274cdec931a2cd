/**
 * Lists every profile of the account with `for await`, then shows what the
 * tier cap looks like from the SDK: creating profiles until `TierLimitError`.
 *
 *   DRIFTSTACK_API_KEY=dsk_… node --import tsx examples/list-profiles.ts
 */
import { Driftstack, TierLimitError } from "@driftstack/sdk";

export async function listProfiles(ds: Driftstack): Promise<string[]> {
  const names: string[] = [];
  // Pages are fetched lazily, 50 at a time, however many profiles there are.
  for await (const profile of ds.profiles.list({ limit: 50 })) names.push(profile.name);
  return names;
}

/** Creates `example-1`, `example-2`, … until the account's cap stops it; returns how many it made. */
export async function fillToCap(ds: Driftstack): Promise<{ created: number; limit?: number; tier?: string }> {
  let created = 0;
  for (;;) {
    try {
      await ds.profiles.create({ name: `example-${Date.now()}-${created + 1}` });
      created += 1;
    } catch (error) {
      // A TierLimit is final (the server says x-should-retry: false), so the SDK did not retry it.
      if (error instanceof TierLimitError) return { created, limit: error.limit, tier: error.tier };
      throw error;
    }
  }
}

async function main(): Promise<void> {
  const ds = new Driftstack();
  const me = await ds.account.me();
  console.log(`account ${me.id} (${me.tier}): ${me.profile_count} of ${me.profile_cap ?? "unlimited"} profiles`);
  for (const name of await listProfiles(ds)) console.log(`  ${name}`);
  if (me.profile_cap === null) return;
  const { created, limit, tier } = await fillToCap(ds);
  console.log(`created ${created} more; the ${tier} tier stops at ${limit}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
