/** Reads a V8 `.cpuprofile` and says where the samples went: by function (self and inclusive) and by area. */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

export interface Share {
  name: string;
  /** Percent of the samples where the process was not idle. */
  percent: number;
}

export interface ProfileSummary {
  busySamples: number;
  idlePercent: number;
  self: Share[];
  inclusive: Share[];
  areas: Share[];
}

/** `file:///…/node_modules/.pnpm/x@1/node_modules/x/dist/a.js` → `x/dist/a.js`; our files relative to the repository. */
export function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, "");
  const inModules = path.lastIndexOf("/node_modules/");
  if (inModules >= 0) return path.slice(inModules + "/node_modules/".length);
  const ours = path.indexOf("/packages/");
  if (ours >= 0) return path.slice(ours + 1);
  return path;
}

const AREAS: [string, RegExp][] = [
  ["Driftstack server code (packages/server/src)", /^packages\/server\/src\//],
  ["drizzle-orm (query building, row mapping)", /^drizzle-orm\//],
  ["@libsql/client + libsql (SQLite, native included)", /^(@libsql|libsql)\//],
  ["zod + @hono/zod-openapi (validation)", /^(zod|@hono\/zod-openapi|@hono\/zod-validator)\//],
  ["@hono/node-server (Node HTTP ↔ fetch)", /^@hono\/node-server\//],
  ["hono (router, context, middleware helpers)", /^hono\//],
  ["Node crypto (WebCrypto digest, getRandomValues)", /^node:internal\/crypto\//],
  ["Node internals (http, net, streams, undici's Request/Response)", /^node:/],
];

function area(frame: CallFrame): string {
  const url = shortUrl(frame.url);
  if (!url) return frame.functionName.startsWith("(") ? frame.functionName : "V8 builtins";
  for (const [name, pattern] of AREAS) if (pattern.test(url)) return name;
  return "other JavaScript";
}

function label(frame: CallFrame): string {
  const url = shortUrl(frame.url);
  const name = frame.functionName || "(anonymous)";
  if (!url) return name;
  // tsx compiles our TypeScript without keeping lines, so the file says more than a line number there.
  return frame.lineNumber > 0 ? `${name} (${url}:${frame.lineNumber + 1})` : `${name} (${url})`;
}

/** The frame a sample's time belongs to: its own, or for a native frame its caller's. */
function owner(node: ProfileNode, byId: Map<number, ProfileNode>, parent: Map<number, number>): CallFrame {
  const { callFrame } = node;
  if (callFrame.url || callFrame.functionName.startsWith("(")) return callFrame;
  const caller = byId.get(parent.get(node.id) ?? -1)?.callFrame;
  return caller && caller.functionName !== "(root)" ? caller : callFrame;
}

/**
 * Native frames carry no file, and an addon's carry a misleading symbol, so
 * they are named with their caller.
 */
function selfLabel(node: ProfileNode, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  const { callFrame } = node;
  const frame = owner(node, byId, parent);
  if (frame === callFrame) return label(callFrame);
  // An addon's symbols (`libsql_js::…`) are the nearest exported ones, not the function that ran.
  const name =
    callFrame.functionName.includes("::") || !callFrame.functionName ? "native addon code" : callFrame.functionName;
  return `${name}, native, called from ${label(frame)}`;
}

function top(counts: Map<string, number>, total: number, n: number): Share[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, hits]) => ({ name, percent: (hits / total) * 100 }));
}

export function summarise(profile: CpuProfile, n = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let idle = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.callFrame.functionName === "(idle)") {
      idle++;
      continue;
    }
    const name = selfLabel(node, byId, parent);
    self.set(name, (self.get(name) ?? 0) + 1);
    const where = area(owner(node, byId, parent));
    areas.set(where, (areas.get(where) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && shortUrl(frame.url).startsWith("packages/")) seen.add(label(frame));
    }
    for (const fn of seen) inclusive.set(fn, (inclusive.get(fn) ?? 0) + 1);
  }
  const busy = profile.samples.length - idle;
  return {
    busySamples: busy,
    idlePercent: (idle / Math.max(1, profile.samples.length)) * 100,
    self: top(self, busy, n),
    inclusive: top(inclusive, busy, n),
    areas: top(areas, busy, AREAS.length + 3),
  };
}
