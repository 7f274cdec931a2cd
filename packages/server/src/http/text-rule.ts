import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { type FieldError, validationFailed } from "../domain/problem";

export const TEXT_RULE =
  "Text is stored exactly as sent or refused: a string (in a JSON body, or a query parameter) holding a NUL (U+0000) or an unpaired surrogate is 400 ValidationFailed naming the field.";

const MESSAGE = "must not contain NUL (U+0000) or an unpaired surrogate";
const JSON_TYPE = /^application\/([a-z.-]+\+)?json\b/i;

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** SQLite cuts text at a NUL and UTF-8 cannot carry a lone surrogate: neither could be kept byte-exact. */
function storable(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

function collect(value: unknown, path: string, errors: FieldError[]): void {
  if (typeof value === "string") {
    if (!storable(value)) errors.push({ path, message: MESSAGE });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) collect(item, path ? `${path}.${i}` : String(i), errors);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!storable(key)) errors.push({ path: at, message: MESSAGE });
      collect(item, at, errors);
    }
  }
}

/**
 * The text rule, for every operation at once, before any schema sees the
 * request: each string of a JSON body and each query parameter must be one
 * the database keeps exactly. A body that is not valid JSON is left to the
 * route's validator, which reports it.
 */
export const textRule = createMiddleware<AppEnv>(async (c, next) => {
  const errors: FieldError[] = [];
  for (const [name, values] of Object.entries(c.req.queries())) {
    for (const value of values) collect(value, name, errors);
  }
  const type = c.req.header("content-type");
  if (c.req.method !== "GET" && type !== undefined && JSON_TYPE.test(type)) {
    const body = await c.req.json().catch(() => undefined);
    collect(body, "", errors);
  }
  if (errors.length > 0) throw validationFailed(errors);
  await next();
});
