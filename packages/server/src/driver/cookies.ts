import type { Cookie, CookieInput } from "./types";

/**
 * Why `input` cannot be added, or null when it can. Both drivers refuse the
 * same inputs, so the HTTP layer can check with this before calling either.
 */
export function cookieInputProblem(input: CookieInput): string | null {
  if (!input.name) return "a cookie needs a name";
  if (input.url !== undefined && input.domain !== undefined)
    return `cookie "${input.name}": give url or domain, not both`;
  if (input.url === undefined && input.domain === undefined) return `cookie "${input.name}" needs a url or a domain`;
  if (input.url !== undefined) {
    const url = parseUrl(input.url);
    if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
      return `cookie "${input.name}": url must be an absolute http(s) URL`;
    }
  }
  if (input.domain === "") return `cookie "${input.name}": domain is empty`;
  return null;
}

/**
 * The cookie a browser stores for `input`, the way Playwright derives it: a url
 * gives a host-only domain, the url's directory as path (a given path is
 * ignored) and `secure` for https.
 */
export function normaliseCookie(input: CookieInput): Cookie {
  const problem = cookieInputProblem(input);
  if (problem) throw new TypeError(problem);
  const url = input.url === undefined ? null : new URL(input.url);
  return {
    name: input.name,
    value: input.value,
    domain: url ? url.hostname : (input.domain ?? ""),
    path: url ? url.pathname.slice(0, url.pathname.lastIndexOf("/") + 1) : (input.path ?? "/"),
    expires: input.expires ?? -1,
    httpOnly: input.httpOnly ?? false,
    secure: input.secure ?? url?.protocol === "https:",
    sameSite: input.sameSite ?? "Lax",
  };
}

export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Picks our fields out of a browser's cookie (Playwright adds `partitionKey` and others). */
export function toCookie(c: Cookie): Cookie {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain,
    path: c.path,
    expires: c.expires,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: c.sameSite,
  };
}
