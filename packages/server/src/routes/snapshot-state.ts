import { jsonResponse, problemResponses } from "../api/responses";
import { SnapshotIdParams } from "../api/snapshot-schemas";
import { presentStateDiff, summarizeStored } from "../api/state-mappers";
import { DiffQuery, StateDiff, StateSummary } from "../api/state-schemas";
import { ID_PREFIXES } from "../domain/ids";
import { parsePortableState } from "../domain/portable-state";
import { ProblemError } from "../domain/problem";
import { diffStates } from "../domain/state-diff";
import { createRoute, newRouter } from "../http/openapi";
import type { Executor } from "../store/database";
import { getProfile } from "../store/profiles";
import { getSnapshot } from "../store/snapshots";
import { stateById } from "../store/states";

const tags = ["Profile state"];

/** The state a profile id or snapshot id of the account points at (404 for neither). */
async function stateOf(q: Executor, accountId: string, id: string) {
  const holder = id.startsWith(`${ID_PREFIXES.snapshot}_`)
    ? await getSnapshot(q, accountId, id)
    : await getProfile(q, accountId, id);
  return stateById(q, accountId, holder.stateId);
}

/** `/v1/profile-snapshots/{id}/state` and `/diff`: what a snapshot froze, and what changed since. */
export const snapshotStateRouter = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/state",
      tags,
      operationId: "getSnapshotState",
      summary: "Summarise a snapshot's state",
      description:
        "The same summary as `GET /v1/profiles/{id}/state`, of the state the snapshot froze. No value is ever included; a snapshot taken before any state answers `origins: []`.",
      request: { params: SnapshotIdParams },
      responses: {
        200: jsonResponse(StateSummary, "The state summary."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const accountId = c.var.caller.account.id;
      const stored = await c.var.deps.db.read(async (q) =>
        stateById(q, accountId, (await getSnapshot(q, accountId, id)).stateId),
      );
      return c.json(summarizeStored(stored), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/diff",
      tags,
      operationId: "diffSnapshot",
      summary: "Compare a snapshot with a profile or snapshot",
      description:
        "What changed from the snapshot to `against` (a profile id or snapshot id; by default the snapshot's parent profile), per origin: cookies added, removed or changed (by name, domain and path; a new value is reported as changed without the value), localStorage keys added, removed or changed, and IndexedDB object stores added, removed or whose record count changed. 404 if `against` is not in this account, or is omitted and the parent profile was deleted.",
      request: { params: SnapshotIdParams, query: DiffQuery },
      responses: {
        200: jsonResponse(StateDiff, "The changes, per origin with any."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { against } = c.req.valid("query");
      const accountId = c.var.caller.account.id;
      const diff = await c.var.deps.db.read(async (q) => {
        const snapshot = await getSnapshot(q, accountId, id);
        const other = against ?? snapshot.parentProfileId;
        if (other === null) {
          throw new ProblemError(
            "NotFound",
            `The parent profile of snapshot ${snapshot.id} was deleted; name a profile or snapshot to compare with in \`against\`.`,
          );
        }
        const before = await stateById(q, accountId, snapshot.stateId);
        const after = await stateOf(q, accountId, other);
        return presentStateDiff(
          other,
          diffStates(parsePortableState(before?.data ?? null), parsePortableState(after?.data ?? null)),
        );
      });
      return c.json(diff, 200);
    },
  );
