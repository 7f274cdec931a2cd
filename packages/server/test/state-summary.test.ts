import { describe, expect, it } from "vitest";
import { type PortableState, parsePortableState } from "../src/domain/portable-state";
import { diffStates } from "../src/domain/state-diff";
import { countState, summarizeState } from "../src/domain/state-summary";

const SECRET = "s3cret-value-never-shown";

const cookie = (over: Partial<PortableState["cookies"][number]> = {}): PortableState["cookies"][number] => ({
  name: "sid",
  value: SECRET,
  domain: "app.example.org",
  path: "/",
  expires: 1_900_000_000,
  httpOnly: true,
  secure: true,
  sameSite: "Lax",
  ...over,
});

const STATE: PortableState = {
  cookies: [
    cookie(),
    cookie({ name: "wide", domain: ".example.org", value: "x" }),
    cookie({ domain: "other.test", secure: false }),
  ],
  origins: [
    {
      origin: "https://app.example.org",
      localStorage: [{ name: "token", value: `${SECRET}-ls` }],
      indexedDB: [{ name: "db", version: 2, stores: [{ name: "items", records: [{ value: SECRET }, { value: 2 }] }] }],
    },
  ],
};

describe("state summary", () => {
  it("groups cookies under the storage origin they are sent to, else an origin of their own", () => {
    const summary = summarizeState(STATE);
    expect(summary.map((o) => [o.origin, o.cookies.map((c) => c.name)])).toEqual([
      ["http://other.test", ["sid"]],
      ["https://app.example.org", ["sid", "wide"]],
    ]);
    expect(summary[1]).toMatchObject({
      localStorage: { keys: 1, bytes: "token".length + SECRET.length + 3 },
      indexedDb: [{ name: "db", version: 2, stores: [{ name: "items", records: 2 }] }],
    });
    expect(summary[1]?.cookies[0]).toEqual({
      name: "sid",
      domain: "app.example.org",
      path: "/",
      expires: 1_900_000_000,
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      valueBytes: SECRET.length,
    });
  });

  it("never carries a cookie, localStorage or IndexedDB value", () => {
    expect(JSON.stringify(summarizeState(STATE))).not.toContain(SECRET);
  });

  it("counts origins, cookies and the stored size", () => {
    expect(countState(STATE, 1234)).toEqual({ origins: 2, cookies: 3, bytes: 1234 });
  });

  it("reads an empty, missing or malformed state as no origins", () => {
    for (const data of [null, "", "not json", "[]", '{"cookies":"no"}', '{"cookies":[],"origins":[]}']) {
      expect(summarizeState(parsePortableState(data))).toEqual([]);
    }
  });
});

describe("state diff", () => {
  const after: PortableState = {
    cookies: [cookie({ value: "rotated" }), cookie({ name: "new", domain: "app.example.org" })],
    origins: [
      {
        origin: "https://app.example.org",
        localStorage: [
          { name: "token", value: "changed" },
          { name: "added", value: SECRET },
        ],
        indexedDB: [
          {
            name: "db",
            version: 2,
            stores: [
              { name: "items", records: [1, 2, 3] },
              { name: "fresh", records: [] },
            ],
          },
        ],
      },
    ],
  };

  it("names what was added, removed and changed per origin", () => {
    expect(diffStates(STATE, after)).toEqual([
      {
        origin: "http://other.test",
        cookies: { added: [], removed: [{ name: "sid", domain: "other.test", path: "/" }], changed: [] },
        localStorage: { added: [], removed: [], changed: [] },
        indexedDb: { added: [], removed: [], changed: [] },
      },
      {
        origin: "https://app.example.org",
        cookies: {
          added: [{ name: "new", domain: "app.example.org", path: "/" }],
          removed: [{ name: "wide", domain: ".example.org", path: "/" }],
          changed: [{ name: "sid", domain: "app.example.org", path: "/" }],
        },
        localStorage: { added: [{ key: "added" }], removed: [], changed: [{ key: "token" }] },
        indexedDb: {
          added: [{ database: "db", store: "fresh", records: 0 }],
          removed: [],
          changed: [{ database: "db", store: "items", recordsBefore: 2, recordsAfter: 3 }],
        },
      },
    ]);
  });

  it("never carries a value, and is empty between equal states", () => {
    expect(JSON.stringify(diffStates(STATE, after))).not.toContain(SECRET);
    expect(JSON.stringify(diffStates(after, STATE))).not.toContain(SECRET);
    expect(diffStates(STATE, structuredClone(STATE))).toEqual([]);
  });

  it("reports a changed attribute of a cookie whose value is the same", () => {
    const [only] = diffStates(STATE, { ...STATE, cookies: [cookie({ expires: -1 }), ...STATE.cookies.slice(1)] });
    expect(only?.cookies.changed).toEqual([{ name: "sid", domain: "app.example.org", path: "/" }]);
  });
});
