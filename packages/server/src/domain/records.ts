// What a profile and a snapshot are as the server reads them: the store returns these (with
// its own bookkeeping columns added) and api/ turns them into wire JSON. Kept here so neither
// layer restates the other's shape.

/** A profile with its browser state's size and age. */
export interface ProfileRecord {
  id: string;
  name: string;
  archetype: string;
  description: string | null;
  lastUsedAt: number | null;
  createdAt: number;
  updatedAt: number;
  stateBytes: number | null;
  stateUpdatedAt: number | null;
  inUse: boolean;
}

/** A snapshot with its captured state's size. */
export interface SnapshotRecord {
  id: string;
  parentProfileId: string | null;
  parentName: string;
  parentArchetype: string;
  label: string;
  description: string | null;
  createdAt: number;
  stateBytes: number | null;
}
