export { DEFAULT_DB_URL, databaseUrlFromEnv, openDatabaseUrl } from "./database";
export { serve } from "./serve";
