/**
 * The device archetypes a profile can be pinned to: an iPhone model, its iOS
 * release and the Safari that shipped with it. Figures are the real devices'
 * (points, not pixels); the viewport is Safari's visible area in portrait with
 * its toolbars shown, the way Playwright's device descriptors measure it.
 */
export interface Archetype {
  id: string;
  device: string;
  os_version: string;
  browser_version: string;
  user_agent: string;
  viewport: { width: number; height: number };
  screen: { width: number; height: number };
  device_scale_factor: number;
  is_mobile: boolean;
  has_touch: boolean;
}

export const DEFAULT_ARCHETYPE = "iphone16pro_ios18_7_safari26_4";

/** Safari's toolbars and status bar take this many points of the screen height. */
const SAFARI_CHROME_HEIGHT = 193;

function iphone(
  id: string,
  device: string,
  osVersion: string,
  safariVersion: string,
  screen: { width: number; height: number },
  scale: number,
): Archetype {
  const osToken = osVersion.replaceAll(".", "_");
  return {
    id,
    device,
    os_version: osVersion,
    browser_version: safariVersion,
    user_agent: `Mozilla/5.0 (iPhone; CPU iPhone OS ${osToken} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${safariVersion} Mobile/15E148 Safari/604.1`,
    viewport: { width: screen.width, height: screen.height - SAFARI_CHROME_HEIGHT },
    screen,
    device_scale_factor: scale,
    is_mobile: true,
    has_touch: true,
  };
}

/** Catalogue order is the order `GET /v1/archetypes` pages through. */
export const ARCHETYPES: readonly Archetype[] = [
  iphone(DEFAULT_ARCHETYPE, "iPhone 16 Pro", "18.7", "26.4", { width: 402, height: 874 }, 3),
  iphone("iphone16promax_ios18_7_safari26_4", "iPhone 16 Pro Max", "18.7", "26.4", { width: 440, height: 956 }, 3),
  iphone("iphone16_ios18_7_safari26_4", "iPhone 16", "18.7", "26.4", { width: 393, height: 852 }, 3),
  iphone("iphone15pro_ios17_6_safari17_6", "iPhone 15 Pro", "17.6", "17.6", { width: 393, height: 852 }, 3),
  iphone("iphone15_ios17_5_safari17_5", "iPhone 15", "17.5", "17.5", { width: 393, height: 852 }, 3),
];

const byId = new Map(ARCHETYPES.map((a) => [a.id, a]));

export function findArchetype(id: string): Archetype | undefined {
  return byId.get(id);
}
