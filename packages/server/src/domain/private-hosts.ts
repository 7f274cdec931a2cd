import { isIpLiteral, isPublicAddress } from "./ip-address";

/**
 * Whether a URL's host obviously names this machine or a private network,
 * judged from the host as written (names are not resolved): `localhost` and
 * `*.localhost`, with or without the trailing dot of a fully qualified name,
 * and every IP literal that is not globally reachable (see `ip-address.ts`;
 * the URL parser has already turned `0x7f000001` or `[::ffff:127.0.0.1]`
 * into their canonical forms). This only gives a clear 400 early: the egress
 * proxy judges every request on the address actually connected to.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  return isIpLiteral(host) && !isPublicAddress(host);
}
