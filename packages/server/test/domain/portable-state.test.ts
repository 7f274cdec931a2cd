import { describe, expect, it } from "vitest";
import { type PortableState, parsePortableState } from "../../src/domain/portable-state";

const STATE: PortableState = {
  cookies: [
    {
      name: "sid",
      value: "v",
      domain: ".example.org",
      path: "/app",
      expires: 1_900_000_000,
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
    },
  ],
  origins: [
    {
      origin: "https://app.example.org",
      localStorage: [{ name: "token", value: "t" }],
      indexedDB: [{ name: "db", version: 2, stores: [{ name: "items", records: [{ value: 1 }, 2] }] }],
    },
  ],
};

describe("reading stored state", () => {
  it("keeps every field of well-formed cookies, localStorage and IndexedDB", () => {
    expect(parsePortableState(JSON.stringify(STATE))).toEqual(STATE);
  });

  it("fills a missing or mistyped field with its default, and drops entries that are not objects", () => {
    const data = JSON.stringify({
      cookies: [
        null,
        7,
        "c",
        ["sid"],
        { name: 1, path: "", expires: "soon", httpOnly: 1, secure: "true", sameSite: "lax" },
      ],
      origins: [
        null,
        [],
        {
          origin: 5,
          localStorage: [null, [], { name: "k" }],
          indexedDB: [null, { name: "db", version: "2", stores: [null, [], { name: "s", records: {} }] }],
        },
        { origin: "https://x.test", localStorage: "no", indexedDB: "no" },
        { origin: "https://y.test", indexedDB: [{ name: "db", stores: "no" }] },
      ],
    });
    expect(parsePortableState(data)).toEqual({
      cookies: [
        { name: "", value: "", domain: "", path: "/", expires: -1, httpOnly: false, secure: false, sameSite: "Lax" },
      ],
      origins: [
        {
          origin: "",
          localStorage: [{ name: "k", value: "" }],
          indexedDB: [{ name: "db", version: 0, stores: [{ name: "s", records: [] }] }],
        },
        { origin: "https://x.test", localStorage: [], indexedDB: [] },
        { origin: "https://y.test", localStorage: [], indexedDB: [{ name: "db", version: 0, stores: [] }] },
      ],
    });
  });

  it("keeps Strict and None, and a flag as true only when it is exactly true", () => {
    const cookies = ["Strict", "None", "Lax"].map((sameSite) => ({ sameSite, httpOnly: true, secure: true }));
    const read = parsePortableState(JSON.stringify({ cookies })).cookies;
    expect(read.map((c) => [c.sameSite, c.httpOnly, c.secure])).toEqual([
      ["Strict", true, true],
      ["None", true, true],
      ["Lax", true, true],
    ]);
  });

  it("reads JSON that is not an object, or no JSON, as the empty state", () => {
    for (const data of [null, "null", "5", '"text"', "[1]", "{"]) {
      expect(parsePortableState(data)).toEqual({ cookies: [], origins: [] });
    }
  });
});
