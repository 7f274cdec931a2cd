import { describe, expect, it } from "vitest";
import { SerialQueue } from "../../src/domain/serial-queue";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("SerialQueue", () => {
  it("starts each task only after the one before it settled, in the order queued", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([queue.run(task("a")), queue.run(task("b")), queue.run(task("c"))]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("hands a task's failure to its caller and still runs the tasks after it", async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error("first failed");
    });
    const next = queue.run(async () => "second ran");
    await expect(failed).rejects.toThrow("first failed");
    await expect(next).resolves.toBe("second ran");
  });
});
