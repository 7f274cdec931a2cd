import { z } from "@hono/zod-openapi";
import { EXAMPLE_PROFILE_ID, Profile } from "./profile-schemas";
import { Session } from "./session-schemas";
import { CaptureSnapshotBody, Snapshot } from "./snapshot-schemas";

// Profile state as the API shows it: summaries and diffs that never carry a value, the counts a
// save answers with, and the portable document of export and import.

const SameSite = z.enum(["Strict", "Lax", "None"]);

const CookieSummary = z
  .object({
    name: z.string().openapi({ example: "sid" }),
    domain: z.string().openapi({ example: "app.example.org" }),
    path: z.string().openapi({ example: "/" }),
    expires: z
      .number()
      .openapi({ description: "Seconds since the epoch; -1 for a session cookie.", example: 1793000000 }),
    http_only: z.boolean(),
    secure: z.boolean(),
    same_site: SameSite,
    value_bytes: z
      .number()
      .int()
      .openapi({ description: "The value's size in UTF-8; the value itself is never shown." }),
  })
  .openapi("StateCookieSummary");

export const StateSummary = z
  .object({
    bytes: z.number().int().openapi({ description: "Size of the stored state; 0 when there is none.", example: 18432 }),
    updated_at: z.string().nullable().openapi({
      description: "When this state was written; null when there is none.",
      example: "2026-05-09T22:04:10.000Z",
    }),
    origins: z.array(
      z.object({
        origin: z.string().openapi({ example: "https://app.example.org" }),
        cookies: z.array(CookieSummary),
        local_storage: z.object({
          keys: z.number().int(),
          bytes: z.number().int().openapi({ description: "UTF-8 size of the keys and values together." }),
        }),
        indexed_db: z.array(
          z.object({
            name: z.string(),
            version: z.number(),
            stores: z.array(z.object({ name: z.string(), records: z.number().int() })),
          }),
        ),
      }),
    ),
  })
  .openapi("StateSummary", {
    description:
      "What the stored state holds, read without a browser. Cookies are listed under the storage origin they are sent to, else under an origin of their own. No cookie, localStorage or IndexedDB value is ever included.",
  });

const changes = <E extends z.ZodType, C extends z.ZodType>(entry: E, changed: C) =>
  z.object({ added: z.array(entry), removed: z.array(entry), changed: z.array(changed) });

const CookieKey = z.object({ name: z.string(), domain: z.string(), path: z.string() });
const StoreCount = z.object({ database: z.string(), store: z.string(), records: z.number().int() });

export const StateDiff = z
  .object({
    against: z.string().openapi({ description: "The profile or snapshot compared with.", example: EXAMPLE_PROFILE_ID }),
    origins: z.array(
      z.object({
        origin: z.string(),
        cookies: changes(CookieKey, CookieKey).openapi({
          description: "By name, domain and path; a new value or attribute is `changed`.",
        }),
        local_storage: changes(z.object({ key: z.string() }), z.object({ key: z.string() })),
        indexed_db: changes(
          StoreCount,
          z.object({
            database: z.string(),
            store: z.string(),
            records_before: z.number().int(),
            records_after: z.number().int(),
          }),
        ).openapi({ description: "Object stores added, removed, or whose record count changed." }),
      }),
    ),
  })
  .openapi("StateDiff", {
    description: "What changed from the snapshot to `against`, per origin with any change; values are never included.",
  });

export const DiffQuery = z.strictObject({
  against: z
    .string()
    .optional()
    .openapi({
      param: { name: "against", in: "query" },
      description: "A profile id or snapshot id of this account; defaults to the snapshot's parent profile.",
      example: EXAMPLE_PROFILE_ID,
    }),
});

export const SavedCounts = z
  .object({
    origins: z.number().int(),
    cookies: z.number().int(),
    bytes: z.number().int(),
  })
  // Not a named component: a named one loses its `null` when made nullable in the generated spec.
  .openapi({ description: "What the written state holds: origins, cookies and its size in bytes." });

const PortableCookie = z.strictObject({
  name: z.string().min(1),
  value: z.string(),
  domain: z.string().min(1),
  path: z.string().min(1),
  expires: z.number().openapi({ description: "Seconds since the epoch; -1 for a session cookie." }),
  httpOnly: z.boolean(),
  secure: z.boolean(),
  sameSite: SameSite,
  partitionKey: z.string().optional(),
});

const KeyPath = { keyPath: z.string().optional(), keyPathArray: z.array(z.string()).optional() };

const PortableRecord = z
  .strictObject({ key: z.unknown(), keyEncoded: z.unknown(), value: z.unknown(), valueEncoded: z.unknown() })
  .partial();

const PortableDatabase = z.strictObject({
  name: z.string(),
  version: z.number().int().min(0),
  stores: z.array(
    z.strictObject({
      name: z.string(),
      autoIncrement: z.boolean(),
      ...KeyPath,
      indexes: z.array(z.strictObject({ name: z.string(), ...KeyPath, multiEntry: z.boolean(), unique: z.boolean() })),
      records: z.array(PortableRecord),
    }),
  ),
});

export const PortableStateDocument = z
  .strictObject({
    cookies: z.array(PortableCookie),
    origins: z.array(
      z.strictObject({
        origin: z.url({ protocol: /^https?$/, error: "must be an http(s) origin" }),
        localStorage: z.array(z.strictObject({ name: z.string(), value: z.string() })),
        indexedDB: z.array(PortableDatabase).optional(),
      }),
    ),
  })
  .openapi("PortableState", {
    description:
      "A whole browser state in Playwright's `storageState({ indexedDB: true })` shape: cookies, and per origin localStorage and IndexedDB (records as Playwright encodes them). Values are included: treat it as a credential.",
  });

export type PortableStateDocument = z.infer<typeof PortableStateDocument>;

// Written out rather than `.extend`ed: an extension becomes an `allOf`, which a strict validator reads as two closed objects.
export const DestroyedSession = z
  .object({
    ...Session.shape,
    saved: SavedCounts.nullable().openapi({ description: "What this destroy wrote to the profile; null if nothing." }),
  })
  .openapi("DestroyedSession");

export const RestoredProfile = z
  .object({
    ...Profile.shape,
    saved: SavedCounts.nullable().openapi({ description: "What the new profile's state holds; null if it has none." }),
  })
  .openapi("RestoredProfile");

export const CheckpointBody = z
  .strictObject({
    snapshot: z
      .strictObject({ label: CaptureSnapshotBody.shape.label })
      .optional()
      .openapi({ description: "Also capture a snapshot of exactly the saved state, in the same transaction." }),
  })
  .openapi("CheckpointRequest");

export const CheckpointResult = z
  .object({
    state_persisted_at: z.string().openapi({ example: "2026-05-09T22:04:10.000Z" }),
    state_bytes: z.number().int().openapi({ example: 18432 }),
    saved: SavedCounts,
    snapshot: Snapshot.optional().openapi({ description: "The snapshot, when one was asked for." }),
  })
  .openapi("Checkpoint");
