export type { MockAccount, MockKey } from "./accounts";
export type { FaultKind, FaultMatch, FaultRule, MockFaults, StatusFault } from "./faults";
export type { DriftstackMock } from "./mock";
export {
  DEFAULT_ACCOUNT,
  DEFAULT_BASE_URL,
  type DriftstackMockOptions,
  type KeyScope,
  type MemberRole,
  type MockAccountOptions,
} from "./options";
export type { Clock, Tier } from "./public-types";
export type { MockSeeder, ProfileSeed, SeededProfile, SeededSnapshot, SeedOptions, SnapshotSeed } from "./seed";
