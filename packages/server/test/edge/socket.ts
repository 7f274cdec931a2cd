import { connect } from "node:net";

export interface RawExchange {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** How the connection ended: closed by the server (`end`), reset, or still open when we gave up. */
  ending: "end" | "reset" | "timeout";
  elapsedMs: number;
}

/**
 * Writes `chunks` to one TCP connection, in order, and collects what comes
 * back until the server closes it or `waitMs` passes.
 */
export function exchange(port: number, chunks: (string | Buffer)[], waitMs: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let settled = false;
    const finish = (ending: RawExchange["ending"]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, ending, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish("timeout"), waitMs);
    socket.on("data", (data) => {
      text += data.toString("latin1");
    });
    socket.on("end", () => finish("end"));
    socket.on("close", () => finish("end"));
    socket.on("error", () => finish("reset"));
    socket.on("connect", () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

/** The status lines of the HTTP responses in `text`. */
export function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
}
