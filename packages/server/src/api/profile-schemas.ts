import { z } from "@hono/zod-openapi";
import { ARCHETYPES, DEFAULT_ARCHETYPE } from "../domain/archetypes";
import { NAME_PATTERN } from "../domain/names";
import { cursorParam, limitParam, pageOf } from "./pagination";

export const EXAMPLE_PROFILE_ID = "prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60";
export const DESCRIPTION_MAX = 2048;

const archetypeIds = ARCHETYPES.map((a) => a.id) as [string, ...string[]];

export const ProfileName = z
  .string()
  .regex(NAME_PATTERN, "must be 1-64 characters with no whitespace or control characters")
  .openapi({
    // zod would emit the regex with its JavaScript flags appended; JSON Schema patterns are unicode-aware already.
    pattern: NAME_PATTERN.source,
    description:
      "Unique within the account (exact match). 1–64 characters, no whitespace or control characters; lowercase and hyphens recommended.",
    example: "production",
  });

export const ArchetypeId = z
  .enum(archetypeIds, { error: "must be an archetype id from GET /v1/archetypes" })
  .openapi({ description: "An archetype id from `GET /v1/archetypes`.", example: DEFAULT_ARCHETYPE });

export const Description = z.string().max(DESCRIPTION_MAX).nullable().openapi({
  description: "Free-form, at most 2048 characters; null clears it.",
  example: "primary prod-data scrape profile",
});

export const ProfileId = z.string().openapi({ param: { name: "id", in: "path" }, example: EXAMPLE_PROFILE_ID });
export const ProfileIdParams = z.object({ id: ProfileId });

export const Profile = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_PROFILE_ID }),
    name: z.string().openapi({ example: "production" }),
    archetype: z.string().openapi({ example: DEFAULT_ARCHETYPE }),
    description: z.string().nullable().openapi({ example: "primary prod-data scrape profile" }),
    last_used_at: z.string().nullable().openapi({
      description: "When a session was last created on it; null until first use.",
      example: "2026-05-09T22:00:00.000Z",
    }),
    created_at: z.string().openapi({ example: "2026-04-15T11:30:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-05-09T22:00:00.000Z" }),
    state_bytes: z.number().int().nullable().openapi({
      description: "Size of the stored browser state; null before the first persisted session.",
      example: 18432,
    }),
    state_updated_at: z.string().nullable().openapi({
      description: "When the browser state was last persisted; null before that.",
      example: "2026-05-09T22:04:10.000Z",
    }),
    in_use: z.boolean().openapi({ description: "Whether a session is active on the profile now.", example: false }),
  })
  .openapi("Profile");

export const ProfilePage = pageOf(Profile, "ProfilePage");

export const CreateProfileBody = z
  .strictObject({
    name: ProfileName,
    archetype: ArchetypeId.optional().openapi({
      description: `Defaults to \`${DEFAULT_ARCHETYPE}\`. Sticky for the profile's lifetime.`,
    }),
    description: Description.optional(),
  })
  .openapi("CreateProfileRequest");

export const ARCHETYPE_IS_STICKY =
  "archetype is sticky for a profile's lifetime; repin with POST /v1/profiles/{id}/clone and a new archetype, then delete the old profile";

export const UpdateProfileBody = z
  .strictObject({
    name: ProfileName.optional(),
    description: Description.optional(),
  })
  .openapi("UpdateProfileRequest");

export const CloneProfileBody = z
  .strictObject({
    name: ProfileName.optional().openapi({
      description: 'Omit to get "<source> (copy)", "<source> (copy 2)" … "(copy 99)".',
    }),
    archetype: ArchetypeId.optional().openapi({ description: "Repins the copy; defaults to the source's archetype." }),
  })
  .openapi("CloneProfileRequest");

export const ListProfilesQuery = z.strictObject({
  limit: limitParam,
  cursor: cursorParam(EXAMPLE_PROFILE_ID),
  name: z
    .string()
    .optional()
    .openapi({ param: { name: "name", in: "query" }, description: "Exact name.", example: "production" }),
  archetype: ArchetypeId.optional().openapi({ param: { name: "archetype", in: "query" } }),
});

/** What a POST that creates a profile from another one (clone, restore) can answer besides the shared problems. */
export const DERIVED_PROFILE_PROBLEMS = ["NotFound", "Conflict", "TierLimit"] as const;
