import type { Caller } from "../domain/caller";
import { ProblemError } from "../domain/problem";
import { recordAudit } from "./audit";
import type { Executor } from "./database";
import { getProfile, type ProfileRow } from "./profiles";
import { writerMayStart } from "./sessions";
import { replaceProfileState } from "./states";

/**
 * Replaces a profile's state with an imported document, in the caller's
 * transaction: refused (409) while a writer session is active or queued on
 * the profile, since its save would overwrite the import. This is the one
 * place an import writes state: it replaces the portable layer only, and a
 * layer of engine-native state kept beside it must be dropped here too.
 */
export async function importProfileState(
  tx: Executor,
  input: { caller: Caller; profileId: string; format: string; data: string; bytes: number; now: number },
): Promise<ProfileRow> {
  const accountId = input.caller.account.id;
  const profile = await getProfile(tx, accountId, input.profileId);
  if (!(await writerMayStart(tx, profile.id))) {
    throw new ProblemError(
      "Conflict",
      `A writer session is active or queued on profile ${profile.id}; import its state once it has ended.`,
    );
  }
  await replaceProfileState(tx, {
    profileId: profile.id,
    accountId,
    format: input.format,
    data: input.data,
    now: input.now,
  });
  await recordAudit(tx, {
    caller: input.caller,
    action: "profile.state_imported",
    target: { type: "profile", id: profile.id },
    payload: { bytes: input.bytes },
    now: input.now,
  });
  return getProfile(tx, accountId, profile.id);
}
