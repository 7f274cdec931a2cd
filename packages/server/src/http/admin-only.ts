import type { Caller } from "../domain/caller";
import { ProblemError } from "../domain/problem";

/**
 * For a GET that hands out secrets (a state export): `authenticate` lets every
 * key read, so this route asks for what a write needs, with the same answers.
 */
export function assertAdmin(caller: Caller): void {
  if (caller.scope !== "admin") {
    throw new ProblemError("Forbidden", "This API key has read scope; exporting state needs an admin key.");
  }
  if (caller.role === "member") {
    throw new ProblemError(
      "Forbidden",
      `Members of account ${caller.account.id} may not export state; ask for the admin role.`,
    );
  }
}
