import fc from "fast-check";
import { type Operation, resolve, type Schema } from "./spec";
import { anyJson, oddString } from "./strings";

/** Ids that exist in the world a request is sent to, and one of another account. */
export interface World {
  adminKey: string;
  readKey: string;
  profileId: string;
  snapshotId: string;
  sessionId: string;
  foreignProfileId: string;
  foreignAccountId: string;
}

export interface FuzzRequest {
  op: Operation;
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

let counter = 0;

/** A value the schema accepts, as far as the fuzz needs one: the mutations below make it wrong. */
function plausible(schema: Schema, field: string, world: World): unknown {
  const s = resolve(schema);
  if (s.anyOf) return plausible(s.anyOf.find((o) => o.type !== "null") ?? s.anyOf[0] ?? {}, field, world);
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "string":
      if (field === "profile_id") return world.profileId;
      if (field === "url") return "https://example.org/";
      return `fuzz-${++counter}`.slice(0, s.maxLength ?? 64);
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return s.items ? [plausible(s.items, field, world)] : [];
    case "object":
      return Object.fromEntries(
        Object.entries(s.properties ?? {})
          .filter(([name]) => s.required?.includes(name))
          .map(([name, p]) => [name, plausible(p, name, world)]),
      );
    default:
      return null;
  }
}

/** A body derived from the operation's schema, then broken in one of the ways clients break them. */
function bodyValue(schema: Schema, world: World): fc.Arbitrary<unknown> {
  const base = plausible(schema, "", world) as Record<string, unknown>;
  const fields = Object.keys(resolve(schema).properties ?? {});
  const field = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant("name");
  return fc.oneof(
    fc.constant(base),
    fc.tuple(field, anyJson).map(([f, v]) => ({ ...base, [f]: v })),
    fc.tuple(field, oddString).map(([f, v]) => ({ ...base, [f]: v })),
    field.map((f) => {
      const { [f]: _dropped, ...rest } = base;
      return rest;
    }),
    fc.tuple(oddString, anyJson).map(([k, v]) => ({ ...base, [k || "extra"]: v })),
    anyJson,
  );
}

const rawBody = (op: Operation, world: World): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 20, arbitrary: (op.body ? bodyValue(op.body, world) : anyJson).map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: fc.constantFrom(undefined, "", "{", "[1,", "not json", "{}", "null") },
    { weight: 1, arbitrary: fc.constant(`{"description":"${"y".repeat(1024 * 1024)}"}`) },
  );

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined,
      "text/plain",
      "application/x-www-form-urlencoded",
      "APPLICATION/JSON",
      "application/json; charset=utf-16",
      "application/merge-patch+json",
      "multipart/form-data; boundary=x",
    ),
  },
);

/** Header values must be visible ASCII or the fetch Request refuses them before the server sees them. */
const headerText = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."azAZ09-_./:;= %\t\u00e9"), maxLength: 20 }),
  fc.constant("k".repeat(300)),
  fc.constant(""),
);

/** Encodes a path segment, lone surrogates included (encodeURIComponent throws on them). */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  }
}

export function badRequest(op: Operation, world: World): fc.Arbitrary<FuzzRequest> {
  const id = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(world.profileId, world.snapshotId, world.sessionId) },
    { weight: 1, arbitrary: fc.constant(world.foreignProfileId) },
    { weight: 2, arbitrary: oddString.map((s) => s.slice(0, 300)) },
  );
  const queryValue = (schema: Schema) =>
    fc.oneof(
      fc.constant(String(plausible(schema, "", world))),
      fc.constantFrom(world.profileId, world.snapshotId, "0", "-1", "101", "1e3", "abc", "true", ""),
      oddString.map((s) => s.slice(0, 200)),
    );
  const query = fc.record({
    declared: fc.tuple(...op.query.map((q) => fc.option(queryValue(q.schema)).map((v) => [q.name, v] as const))),
    extra: fc.option(fc.tuple(fc.constantFrom("unexpected", "limit", "cursor", "LIMIT", "name[]"), oddString)),
  });
  const auth = fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${world.adminKey}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `Bearer ${world.readKey}`,
        undefined,
        "Bearer ",
        "Basic Zm9vOmJhcg==",
        `bearer ${world.adminKey}`,
        "Bearer dsk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      ),
    },
  );
  return fc
    .record({
      ids: fc.tuple(...op.pathParams.map(() => id)),
      query,
      body: op.method === "GET" ? fc.constant(undefined) : rawBody(op, world),
      contentType,
      auth,
      idempotencyKey: fc.option(headerText, { freq: 3 }),
      account: fc.option(fc.oneof(headerText, fc.constant(world.foreignAccountId)), { freq: 6 }),
    })
    .map((r) => {
      let path = op.path;
      op.pathParams.forEach((name, i) => {
        path = path.replace(`{${name}}`, segment(r.ids[i] ?? ""));
      });
      const params = new URLSearchParams();
      for (const [name, value] of r.query.declared) if (value !== null) params.append(name, value);
      if (r.query.extra) params.append(r.query.extra[0], r.query.extra[1]);
      const search = params.size > 0 ? `?${params}` : "";
      const headers: Record<string, string> = {};
      if (r.auth !== undefined) headers.authorization = r.auth;
      if (r.body !== undefined && r.contentType !== undefined) headers["content-type"] = r.contentType;
      if (r.idempotencyKey !== null) headers["idempotency-key"] = r.idempotencyKey;
      if (r.account !== null) headers["x-driftstack-account"] = r.account;
      return { op, url: path + search, init: { method: op.method, headers, body: r.body } };
    });
}
