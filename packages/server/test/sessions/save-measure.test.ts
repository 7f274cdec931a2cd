import { describe, expect, it } from "vitest";
import type { BrowserContextHandle, NativeState, StoredState } from "../../src/driver/types";
import { exportForSave } from "../../src/sessions/export-state";
import { testApp } from "../support/harness";

/**
 * What a save measures against the cap: the portable layer in UTF-8 bytes (not UTF-16 units)
 * plus the native layer. The server's cap here is below every tier's, so it is the cap.
 */
function contextExporting(data: string, native: NativeState | null = null): BrowserContextHandle {
  return {
    exportState: async (): Promise<StoredState> => ({ format: "test", data }),
    exportNative: async () => native,
  } as unknown as BrowserContextHandle;
}

async function save(data: string, cap: number, native: NativeState | null = null) {
  const t = await testApp();
  const account = await t.account("enterprise");
  return exportForSave(t.db, contextExporting(data, native), account.id, cap, { native: native !== null });
}

/** 11 UTF-16 units, 13 bytes of UTF-8 (the euro sign takes three). */
const euroAndTen = `€${"a".repeat(10)}`;

describe("a save held to the cap", () => {
  it("takes a state of exactly the cap in UTF-8 bytes", async () => {
    expect(await save(euroAndTen, 13)).toMatchObject({ state: { data: euroAndTen }, counts: { bytes: 13 } });
  });

  it("refuses a state one byte over the cap though its UTF-16 length fits, naming the cap", async () => {
    expect(await save(euroAndTen, 12)).toEqual({
      failure: "state_too_large",
      detail: "the browser state is larger than this tier's cap of 12 bytes",
    });
  });

  it("counts both layers in what it saved", async () => {
    const native = { engine: "test/native", data: new Uint8Array(5) };
    expect((await save("abc", 100, native)) as { counts: unknown }).toMatchObject({ counts: { bytes: 8 } });
  });
});
