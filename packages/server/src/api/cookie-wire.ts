// Cookies on the wire are snake_case (`http_only`, `same_site`); the driver's are camelCase.
// Generic over the rest of the cookie so this layer need not know the driver's types.

/** A cookie the API was sent, as the driver takes it. */
export function cookieFromWire<C extends { http_only?: boolean; same_site?: unknown }>({
  http_only,
  same_site,
  ...rest
}: C) {
  return { ...rest, httpOnly: http_only as C["http_only"], sameSite: same_site as C["same_site"] };
}

/** A cookie the driver read, as the API answers it (`Cookie` in session-schemas.ts). */
export function cookieToWire<C extends { httpOnly: boolean; sameSite: unknown }>({ httpOnly, sameSite, ...rest }: C) {
  return { ...rest, http_only: httpOnly, same_site: sameSite as C["sameSite"] };
}

/** Every cookie of a context, in one page (`CookiePage`). */
export function cookiePage<C extends { httpOnly: boolean; sameSite: unknown }>(cookies: C[]) {
  return { data: cookies.map(cookieToWire), has_more: false, next_cursor: null };
}
