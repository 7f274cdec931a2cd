/** What the in-page check answers about an evaluation's result. */
export type JsonCheck = { ok: true; value: unknown } | { ok: false; reason: string; tooLarge?: true };

/**
 * Evaluates an expression in the page (global scope, like Playwright's own
 * string evaluation; a promise is awaited) and copies the result as JSON data,
 * or says why it cannot. Playwright would quietly turn functions and symbols
 * into undefined, DOM nodes into "ref: <Node>" and a Map into {}; we refuse
 * those instead of lying. undefined follows JSON: null at the top and in
 * arrays, left out of objects. Values with `toJSON` (a Date) are taken as
 * JSON.stringify takes them. A result over `maxBytes` of JSON (UTF-8) is
 * refused in the page, so that a huge one never crosses to the server. One call, not a handle and a second call: a
 * handle to a primitive loses what Playwright cannot carry (a BigInt).
 *
 * Kept as source text: Playwright ships a function to the page by its text,
 * and a transpiler (tsx keeps names with `__name(...)` calls) would put
 * helpers in it that the page does not have.
 */
export const EVALUATE_AS_JSON_SOURCE = `async ({ expression, maxBytes }) => {
  const value = await (0, eval)(expression);
  const ancestors = [];
  const NOT_JSON = Symbol("not JSON");
  const fail = (path, what) => {
    throw { [NOT_JSON]: path + " is " + what + ", which is not JSON data" };
  };
  // A lower bound of the JSON's length, counted as the walk goes: a result far over the limit
  // is refused as soon as it is known to be, without copying or stringifying the rest.
  const TOO_LARGE = Symbol("too large");
  let counted = 0;
  const count = (n) => {
    counted += n;
    if (counted > maxBytes) throw { [TOO_LARGE]: "at least " + counted };
  };
  const walk = (v, path) => {
    if (v === null || v === undefined || typeof v === "boolean") return v;
    if (typeof v === "string") return count(v.length + 2), v;
    if (typeof v === "number") return Number.isFinite(v) ? (count(1), v) : fail(path, String(v));
    if (typeof v !== "object") return fail(path, "a " + typeof v);
    if (ancestors.includes(v)) return fail(path, "a cyclic reference");
    ancestors.push(v);
    try {
      if (typeof v.toJSON === "function") return walk(v.toJSON(""), path);
      if (Array.isArray(v)) {
        const out = [];
        count(v.length + 1);
        for (let i = 0; i < v.length; i++) {
          const item = walk(v[i], path + "[" + i + "]");
          out.push(item === undefined ? null : item);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== null && Object.getPrototypeOf(proto) !== null) {
        return fail(path, "a " + Object.prototype.toString.call(v).slice(8, -1));
      }
      const out = {};
      count(2);
      for (const key of Object.keys(v)) {
        count(key.length + 3);
        const item = walk(v[key], path + "." + key);
        if (item !== undefined) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true });
      }
      return out;
    } finally {
      ancestors.pop();
    }
  };
  try {
    const copy = walk(value, "the result");
    // Within the bound: the exact size (escapes, UTF-8) is cheap to take now.
    const bytes = new TextEncoder().encode(JSON.stringify(copy === undefined ? null : copy)).length;
    if (bytes > maxBytes) throw { [TOO_LARGE]: String(bytes) };
    return { ok: true, value: copy === undefined ? null : copy };
  } catch (error) {
    if (error !== null && typeof error === "object" && TOO_LARGE in error) {
      const reason = "the result is " + error[TOO_LARGE] + " bytes of JSON, more than the " + maxBytes + "-byte limit";
      return { ok: false, tooLarge: true, reason };
    }
    if (error !== null && typeof error === "object" && NOT_JSON in error) return { ok: false, reason: error[NOT_JSON] };
    throw error;
  }
}`;

export const evaluateAsJson = new Function(`return ${EVALUATE_AS_JSON_SOURCE}`)() as (input: {
  expression: string;
  maxBytes: number;
}) => Promise<JsonCheck>;
