import { describe, expect, it, vi } from "vitest";
import { newApiSecret, sha256Hex } from "../../src/domain/secrets";

describe("API secrets", () => {
  it("are dsk_ and 40 base62 characters", () => {
    for (let i = 0; i < 50; i++) expect(newApiSecret()).toMatch(/^dsk_[0-9A-Za-z]{40}$/);
  });

  it("draw on all 62 characters", () => {
    const seen = new Set(Array.from({ length: 200 }, () => newApiSecret().slice(4)).join(""));
    // 8,000 draws: the chance that a fair draw misses one of 62 characters is below 1e-50.
    expect(seen.size).toBe(62);
  });

  it("are never repeated", () => {
    const secrets = Array.from({ length: 100 }, () => newApiSecret());
    expect(new Set(secrets).size).toBe(100);
  });
});

describe("sha256Hex", () => {
  it("gives the standard digests, leading zeros of each byte kept", async () => {
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes with WebCrypto where Node's own module cannot be had (browsers, older Node)", async () => {
    const host = process as { getBuiltinModule?: unknown };
    const original = Object.getOwnPropertyDescriptor(host, "getBuiltinModule");
    Object.defineProperty(host, "getBuiltinModule", { value: undefined, configurable: true });
    vi.resetModules();
    try {
      const { sha256Hex: webCryptoHex } = await import("../../src/domain/secrets");
      expect(await webCryptoHex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      expect(await webCryptoHex("é")).toBe("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    } finally {
      if (original) Object.defineProperty(host, "getBuiltinModule", original);
      vi.resetModules();
    }
  });

  it("hashes text as UTF-8 on Node as WebCrypto does in a browser (stored fingerprints match across both)", async () => {
    const text = 'POST /v1/profiles\n{"name":"café ✓ 𝄞"}';
    const webCrypto = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    expect(await sha256Hex(text)).toBe(Buffer.from(webCrypto).toString("hex"));
    expect(await sha256Hex("é")).toBe("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"); // U+00E9 as the two UTF-8 bytes c3 a9
  });
});
