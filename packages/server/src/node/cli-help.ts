import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TIERS } from "../domain/tiers";
import { packageRoot } from "../driver/package-root";

/** Each command's synopsis and what it does: `--help` after a command prints its entry. */
export const COMMAND_HELP: Record<string, string> = {
  serve:
    "serve [--port 8787] [--host 127.0.0.1] [--stop-with-parent]\n  Serves the API, its reference page (/docs) and /metrics until SIGTERM or Ctrl-C\n  (--stop-with-parent: or until the process that started it exits, as `pnpm start` asks).\n  Env: PORT, DRIFTSTACK_LOG_LEVEL (debug|info|warn|silent), DRIFTSTACK_METRICS_TOKEN.",
  "accounts create":
    "accounts create --name NAME --tier TIER [--profile-cap N] [--json]\n  Creates an account and its first admin API key (the secret is shown once).",
  "accounts list": "accounts list [--json]\n  Lists every account: id, name, tier, profile cap, created.",
  "keys create":
    "keys create --account ACCT --scope read|admin [--json]\n  Creates an API key for the account (the secret is shown once).",
  "keys list":
    "keys list --account ACCT [--json]\n  Lists the account's API keys: id, scope, created, last used, revoked. Never secrets.",
  "keys revoke":
    "keys revoke --key KEY [--json]\n  Revokes the key: it answers 401 at once on every server using this database.",
  "members add":
    "members add --account OWNER --member ACCT --role member|admin [--json]\n  Lets ACCT act on OWNER (X-Driftstack-Account) with the role.",
};

export const USAGE = `Usage: driftstack-server <command> [options]
       driftstack-server --version | <command> --help

Commands:
${Object.values(COMMAND_HELP)
  .map((help) => `  ${help.split("\n")[0]}`)
  .join("\n")}

Tiers: ${TIERS.join(", ")}
Environment: DRIFTSTACK_DB_URL, DRIFTSTACK_DB_AUTH_TOKEN, PORT, DRIFTSTACK_BROWSER,
  DRIFTSTACK_BROWSER_EXECUTABLE, DRIFTSTACK_BROWSER_WS_ENDPOINT, DRIFTSTACK_LOG_LEVEL,
  DRIFTSTACK_METRICS_TOKEN`;

/**
 * What the CLI prints for `--version`, `<command> --help`, `--help` or no
 * command at all; undefined when the command is to be run. Kept apart from
 * the bin so it can be checked without starting a process per command.
 */
export function infoAnswer(
  command: string,
  flags: { version?: boolean; help?: boolean; json?: boolean },
): string | undefined {
  if (flags.version) {
    const version = packageVersion();
    return flags.json ? JSON.stringify({ version }) : `driftstack-server ${version}`;
  }
  const help = COMMAND_HELP[command];
  if (flags.help && help) return `Usage: driftstack-server ${help}`;
  if (flags.help || command === "" || command === "help") return USAGE;
  return undefined;
}

/** The installed package's version: package.json sits at the package root, in the repo and in the tarball. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}
