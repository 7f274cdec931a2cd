import { expect } from "vitest";
import type { Archetype } from "../../src/domain/archetypes";
import { DEFAULT_ARCHETYPE, findArchetype } from "../../src/domain/archetypes";
import { DriverError } from "../../src/driver/types";

/** Awaits a call that must fail with a DriverError of `kind`; returns the error for more checks. */
export async function expectDriverError(call: Promise<unknown>, kind: DriverError["kind"]): Promise<DriverError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DriverError);
  expect((error as DriverError).kind).toBe(kind);
  return error as DriverError;
}

function archetype(id: string): Archetype {
  const found = findArchetype(id);
  if (!found) throw new Error(`no archetype ${id}`);
  return found;
}

/** The default archetype: iPhone 16 Pro, 402 points wide at scale 3. */
export const IPHONE = archetype(DEFAULT_ARCHETYPE);
