import { and, eq, inArray } from "drizzle-orm";
import type { Caller } from "../domain/caller";
import { copyNames } from "../domain/names";
import { ProblemError } from "../domain/problem";
import { profileCap } from "../domain/tiers";
import { countProfiles } from "./accounts";
import type { Executor } from "./database";
import { executorRawRows } from "./raw-rows";
import { profiles } from "./schema";

// The checks a new or renamed profile passes, run in the transaction of the write they guard.

async function nameTaken(tx: Executor, accountId: string, name: string): Promise<boolean> {
  const rows = await executorRawRows(tx, "SELECT 1 FROM profiles WHERE account_id = ? AND name = ?", [accountId, name]);
  return rows.length > 0;
}

export async function assertNameFree(tx: Executor, accountId: string, name: string): Promise<void> {
  if (await nameTaken(tx, accountId, name)) {
    throw new ProblemError("Conflict", `A profile named ${JSON.stringify(name)} already exists in this account.`);
  }
}

/** The first free name of the "(copy)", "(copy 2)" … "(copy 99)" chain, else 409. */
export async function freeCopyName(tx: Executor, accountId: string, base: string): Promise<string> {
  const candidates = copyNames(base);
  const taken = await tx
    .select({ name: profiles.name })
    .from(profiles)
    .where(and(eq(profiles.accountId, accountId), inArray(profiles.name, candidates)));
  const takenNames = new Set(taken.map((row) => row.name));
  const free = candidates.find((name) => !takenNames.has(name));
  if (free === undefined) {
    throw new ProblemError(
      "Conflict",
      `Every automatic copy name of ${JSON.stringify(base)} up to "(copy 99)" is taken; pass an explicit name.`,
    );
  }
  return free;
}

/** 429 TierLimit unless the account has room for one more profile. */
export async function assertRoomForProfile(tx: Executor, account: Caller["account"]): Promise<void> {
  const cap = profileCap(account);
  if (cap === null) return;
  const current = await countProfiles(tx, account.id);
  if (current >= cap) {
    throw new ProblemError(
      "TierLimit",
      `The ${account.tier} tier allows ${cap} profile${cap === 1 ? "" : "s"} and this account has ${current}. Delete a profile or move to a larger tier.`,
      {
        extensions: { limit: cap, current, resource: "profile", tier: account.tier },
        headers: { "x-should-retry": "false" },
      },
    );
  }
}
