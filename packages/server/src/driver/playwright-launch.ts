import type { Archetype } from "../domain/archetypes";
import type { BrowserDriver } from "./types";
import type { WarmPoolView } from "./warm-pool";

// What both kinds of Playwright driver (playwright.ts: remote; playwright-persistent.ts: local) launch with.

/**
 * What Debian's Chromium needs to run headless in a container (TOOLCHAIN.md,
 * "Browsers"), and localStorage on disk as it is written: Chromium otherwise
 * keeps a page's writes in memory until its shutdown flush (measured here: 1 MiB
 * written, the browser killed 1 or 3 s later, 8.5 KB in its directory; with
 * aggressive flushing, 1,057,428 bytes after 1 s), and a shutdown that misses
 * that flush on a loaded machine archived a profile's directory without them.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--enable-aggressive-domstorage-flushing",
];

export const LAUNCH_TIMEOUT_MS = 30_000;

export interface PlaywrightDriverOptions {
  engine: "webkit" | "chromium";
  /** Default: Playwright's own build of the engine. */
  executablePath?: string;
  /** A Playwright browser server (`launchServer`) to connect to instead of launching. */
  wsEndpoint?: string;
  /** Default: CHROMIUM_ARGS for Chromium, none for WebKit. */
  launchArgs?: string[];
  /**
   * An HTTP forward proxy every request of every context goes through, loopback
   * included (the egress guard: `node/egress-proxy.ts`). Set at launch for a
   * local browser and on each context, which is what reaches a remote one.
   */
  proxyUrl?: string;
  /** How many browsers the warm pool keeps launched ahead (local browsers only; 0 or unset: none). */
  warmSessions?: number;
}

/**
 * Chromium paths around a proxy, closed when one is set: WebRTC's direct UDP
 * (it may then only use the proxy) and DNS prefetching (names only, but no
 * reason to resolve them here). QUIC is already off in CHROMIUM_ARGS.
 */
export const CHROMIUM_PROXIED_ARGS: readonly string[] = [
  "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
  "--dns-prefetch-disable",
];

export interface PlaywrightDriver extends BrowserDriver {
  readonly engine: "webkit" | "chromium";
  /** For tests: kills the local browser process the way a crash would. No-op when connected to a remote server. */
  killBrowser(): Promise<void>;
  /** The browsers launched ahead of sessions (empty for a remote browser). */
  readonly warmPool: WarmPoolView;
}

/** The context options that make a context the archetype's device. */
export function deviceOptions(archetype: Archetype) {
  return {
    userAgent: archetype.user_agent,
    viewport: archetype.viewport,
    screen: archetype.screen,
    deviceScaleFactor: archetype.device_scale_factor,
    isMobile: archetype.is_mobile,
    hasTouch: archetype.has_touch,
    locale: "en-US",
  };
}

export function proxyFor(options: PlaywrightDriverOptions) {
  // Chromium sends loopback around a proxy unless told `<-loopback>`; Playwright adds it
  // unless an environment variable says otherwise, so say it here.
  return options.proxyUrl
    ? { server: options.proxyUrl, bypass: options.engine === "chromium" ? "<-loopback>" : undefined }
    : undefined;
}

export function launchArgs(options: PlaywrightDriverOptions): string[] {
  const args = [...(options.launchArgs ?? (options.engine === "chromium" ? CHROMIUM_ARGS : []))];
  if (options.proxyUrl && options.engine === "chromium") args.push(...CHROMIUM_PROXIED_ARGS);
  return args;
}

export function target(options: PlaywrightDriverOptions): string {
  return options.executablePath ? `${options.engine} at ${options.executablePath}` : `Playwright's ${options.engine}`;
}
