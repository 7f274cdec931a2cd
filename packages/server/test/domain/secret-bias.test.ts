import { afterEach, expect, it, vi } from "vitest";
import { newApiSecret } from "../../src/domain/secrets";

afterEach(() => {
  vi.restoreAllMocks();
});

it("an API secret skips random bytes of 248 and above, which would favour the first characters", () => {
  // Every even byte is one of 248…255, every odd one i / 2 (0, 1, 2 …): only the odd ones may count.
  vi.spyOn(crypto, "getRandomValues").mockImplementation((array) => {
    const bytes = array as Uint8Array;
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 2 === 0 ? 248 + ((i / 2) % 8) : (i - 1) / 2;
    return array;
  });
  expect(newApiSecret()).toBe("dsk_0123456789ABCDEFGHIJKLMNOPQRSTUV01234567");
});
