import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPublicAddress } from "../domain/ip-address";

/** One address a request would connect to, with the name it came from. */
export interface EgressTarget {
  /** The host as the browser asked for it (a name or an IP literal, no brackets). */
  hostname: string;
  address: string;
  family: 4 | 6;
  port: number;
}

/** Every address a name resolves to; the default uses the system resolver (`/etc/hosts` included). */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The egress policy: whether the proxy may connect to this address. */
export type IsAllowed = (target: EgressTarget) => boolean;

export const resolveWithSystem: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Default policy: globally reachable unicast only. */
export const publicOnly: IsAllowed = (target) => isPublicAddress(target.address);

/** Why a request was not let through, with the status the proxy answers. */
export class EgressRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 502,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The one address to connect to for `host:port`. The name is resolved once,
 * every address it resolves to must pass `isAllowed` (a name that also points
 * somewhere private is refused whole), and the caller connects to the
 * returned address itself, so nothing is resolved a second time: a DNS
 * answer that changes between check and connect (rebinding) cannot slip by.
 */
export async function checkedTarget(
  host: string,
  port: number,
  policy: { resolve: Resolve; isAllowed: IsAllowed },
): Promise<EgressTarget> {
  const hostname = host.replace(/^\[(.*)\]$/, "$1").replace(/\.+$/, "");
  if (!hostname || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new EgressRefused(400, `not a host and port: ${host}:${port}`);
  }
  const family = isIP(hostname);
  let addresses: { address: string; family: number }[];
  if (family) addresses = [{ address: hostname, family }];
  else {
    try {
      addresses = await policy.resolve(hostname);
    } catch {
      addresses = [];
    }
  }
  const targets = addresses.map(
    (a): EgressTarget => ({ hostname, address: a.address, family: a.family === 6 ? 6 : 4, port }),
  );
  const first = targets[0];
  if (!first) throw new EgressRefused(502, `${hostname} does not resolve`);
  const refused = targets.find((target) => !policy.isAllowed(target));
  if (refused) {
    throw new EgressRefused(
      403,
      `${hostname}:${port} resolves to ${refused.address}, a loopback or private address: refused by the Driftstack egress guard`,
    );
  }
  return first;
}
