import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { ServerKind } from "./child";

export interface ServerProcess {
  kind: ServerKind;
  url: string;
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Starts V8's CPU profiler in the server; `stop` writes the profile of the window to `path`. */
  profile(): Promise<{ stop(path: string): Promise<void> }>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

/** Starts a server process on a free loopback port. */
export async function startServer(kind: ServerKind, dbUrl: string): Promise<ServerProcess> {
  const child: ChildProcess = fork(CHILD, [kind, dbUrl], { execArgv: ["--import", TSX] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the ${kind} server exited with code ${code} before listening`)));
    child.on("message", (message: { type: string; port?: number }) => {
      if (message.type === "listening") resolve(message.port as number);
    });
  });
  const reply = async (type: string) => {
    for (;;) {
      const [message] = (await once(child, "message")) as [{ type: string; usage?: NodeJS.MemoryUsage }];
      if (message.type === type) return message;
    }
  };
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    async memory() {
      const answer = reply("memory");
      child.send("memory");
      return (await answer).usage as NodeJS.MemoryUsage;
    },
    async profile() {
      const started = reply("profile-started");
      child.send("profile-start");
      await started;
      return {
        async stop(path) {
          const written = reply("profile-written");
          child.send({ type: "profile-stop", path });
          await written;
        },
      };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.send("exit");
      await exited;
    },
  };
}
