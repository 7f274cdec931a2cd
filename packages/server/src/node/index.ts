export { packageRoot } from "../driver/package-root";
export { CHROMIUM_ARGS, createPlaywrightDriver, type PlaywrightDriverOptions } from "../driver/playwright";
export { availableEngines, selectDriver } from "../driver/select";
export { DEFAULT_DB_URL, databaseUrlFromEnv, openDatabaseUrl } from "./database";
export { type EgressProxy, type EgressProxyOptions, type EgressTarget, startEgressProxy } from "./egress-proxy";
export { serve } from "./serve";
