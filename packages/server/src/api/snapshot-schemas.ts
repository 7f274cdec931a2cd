import { z } from "@hono/zod-openapi";
import { DEFAULT_ARCHETYPE } from "../domain/archetypes";
import { cursorParam, limitParam, pageOf } from "./pagination";
import { Description, EXAMPLE_PROFILE_ID, ProfileName } from "./profile-schemas";

export const EXAMPLE_SNAPSHOT_ID = "psnap_0196b1c2-7a10-7b2e-8c3d-4e5f60718293";

export const SnapshotId = z.string().openapi({ param: { name: "id", in: "path" }, example: EXAMPLE_SNAPSHOT_ID });
export const SnapshotIdParams = z.object({ id: SnapshotId });

export const Snapshot = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_SNAPSHOT_ID }),
    parent_profile_id: z.string().nullable().openapi({
      description: "Null once the parent profile is deleted; the snapshot stays restorable.",
      example: EXAMPLE_PROFILE_ID,
    }),
    parent_name: z.string().openapi({ description: "The parent's name, frozen at capture.", example: "production" }),
    parent_archetype: z
      .string()
      .openapi({ description: "The parent's archetype, frozen at capture.", example: DEFAULT_ARCHETYPE }),
    label: z.string().openapi({ example: "before-iOS-26-rollout" }),
    description: z.string().nullable().openapi({ example: "baseline before the rollout" }),
    state_bytes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Size of the captured browser state; null if the parent had none yet.", example: 18432 }),
    captured_at: z.string().openapi({ example: "2026-05-09T22:00:00.000Z" }),
  })
  .openapi("Snapshot");

export const SnapshotPage = pageOf(Snapshot, "SnapshotPage");

export const CaptureSnapshotBody = z
  .strictObject({
    label: z.string().min(1).max(128).openapi({ description: "1–128 characters.", example: "before-iOS-26-rollout" }),
    description: Description.optional().openapi({
      description:
        "At most 2048 characters. Omitted: the parent's description at capture. Restore gives it to the new profile.",
    }),
  })
  .openapi("CaptureSnapshotRequest");

export const RestoreSnapshotBody = z
  .strictObject({
    name: ProfileName.optional().openapi({
      description: 'Omit to get "<parent_name> (copy)", "(copy 2)" … "(copy 99)".',
      example: "restored-from-baseline",
    }),
  })
  .openapi("RestoreSnapshotRequest");

export const SnapshotListQuery = z.strictObject({
  limit: limitParam,
  cursor: cursorParam(EXAMPLE_SNAPSHOT_ID),
});

export const AccountSnapshotListQuery = SnapshotListQuery.extend({
  parent_profile_id: z
    .string()
    .optional()
    .openapi({
      param: { name: "parent_profile_id", in: "query" },
      description: "Only snapshots of this profile.",
      example: EXAMPLE_PROFILE_ID,
    }),
});
