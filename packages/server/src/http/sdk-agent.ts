/**
 * The SDK a request came from, read from the `User-Agent` the Driftstack SDK
 * sends (`Driftstack/JS <version>`), as `js/<version>`; undefined for any
 * other agent. Only a version shaped like the SDK's (semver, short) is
 * accepted, so a crafted header can neither put arbitrary text into a log
 * line nor make one grow without bound.
 */
const SDK_AGENT = /^Driftstack\/JS (\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,40})?)(?: |$)/;

/** Longer than any header the SDK sends (it may gain a runtime suffix): nothing past this is looked at. */
const MAX_AGENT_CHARS = 200;

export function sdkFromUserAgent(userAgent: string | null | undefined): string | undefined {
  if (!userAgent || userAgent.length > MAX_AGENT_CHARS) return undefined;
  const version = SDK_AGENT.exec(userAgent)?.[1];
  return version === undefined ? undefined : `js/${version}`;
}
