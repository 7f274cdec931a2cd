/**
 * Which IP addresses a browser may connect to when private networks are
 * denied: only globally reachable unicast. Pure code (no `node:net`): the
 * goto URL check in the app and the Node egress proxy share it.
 *
 * IPv4 is a deny list of the IANA special-purpose ranges. IPv6 is an allow
 * list: global unicast (2000::/3) minus its special ranges; forms that carry
 * an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are judged by the IPv4 address they lead to. Everything else
 * (loopback, unspecified, IPv4-compatible `::a.b.c.d`, unique-local,
 * link-local, site-local, multicast, unassigned) is refused.
 */

type Cidr = readonly [base: readonly number[], bits: number];

const IPV4_DENIED: readonly Cidr[] = [
  [[0, 0, 0, 0], 8], // "this network", unspecified
  [[10, 0, 0, 0], 8], // RFC 1918
  [[100, 64, 0, 0], 10], // CGNAT shared space
  [[127, 0, 0, 0], 8], // loopback
  [[169, 254, 0, 0], 16], // link-local (cloud metadata lives here)
  [[172, 16, 0, 0], 12], // RFC 1918
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // TEST-NET-1
  [[192, 88, 99, 0], 24], // 6to4 relay anycast
  [[192, 168, 0, 0], 16], // RFC 1918
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // TEST-NET-2
  [[203, 0, 113, 0], 24], // TEST-NET-3
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, and the broadcast address
];

const IPV6_GLOBAL_UNICAST: Cidr = [[0x20], 3];
const IPV6_DENIED_GLOBAL: readonly Cidr[] = [
  [[0x20, 0x01, 0x00], 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0x3f, 0xff, 0x00], 20], // documentation
];
const IPV4_MAPPED: Cidr = [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96];
const NAT64: Cidr = [[0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96];
const SIX_TO_FOUR: Cidr = [[0x20, 0x02], 16];

function inCidr(bytes: Uint8Array, [base, bits]: Cidr): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const mask = bits - i * 8 >= 8 ? 0xff : (0xff << (8 - (bits - i * 8))) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Strict dotted-quad decimal, as resolvers and the URL parser print IPv4. */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (const [i, part] of parts.entries()) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    bytes[i] = Number(part);
  }
  return bytes;
}

/** Any textual IPv6 form (`::` compression, a dotted IPv4 tail, a `%zone`), without brackets. */
export function parseIpv6(text: string): Uint8Array | null {
  const address = text.replace(/%[^%]+$/, "");
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(Number.parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  for (const [i, group] of all.entries()) {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  }
  return bytes;
}

function isPublicIpv4(bytes: Uint8Array): boolean {
  return !IPV4_DENIED.some((range) => inCidr(bytes, range));
}

function isPublicIpv6(bytes: Uint8Array): boolean {
  if (inCidr(bytes, IPV4_MAPPED) || inCidr(bytes, NAT64)) return isPublicIpv4(bytes.subarray(12));
  if (inCidr(bytes, SIX_TO_FOUR)) return isPublicIpv4(bytes.subarray(2, 6));
  return inCidr(bytes, IPV6_GLOBAL_UNICAST) && !IPV6_DENIED_GLOBAL.some((range) => inCidr(bytes, range));
}

/**
 * Whether `address` (an IP literal, IPv6 with or without brackets) is a
 * globally reachable unicast address. Anything that is not an IP literal is
 * not public: callers resolve names first and judge each address.
 */
export function isPublicAddress(address: string): boolean {
  const text = address.replace(/^\[(.*)\]$/, "$1");
  const v4 = parseIpv4(text);
  if (v4) return isPublicIpv4(v4);
  const v6 = text.includes(":") ? parseIpv6(text) : null;
  return v6 ? isPublicIpv6(v6) : false;
}

/** Whether `host` is written as an IP literal (IPv6 with or without brackets). */
export function isIpLiteral(host: string): boolean {
  const text = host.replace(/^\[(.*)\]$/, "$1");
  return parseIpv4(text) !== null || (text.includes(":") && parseIpv6(text) !== null);
}
