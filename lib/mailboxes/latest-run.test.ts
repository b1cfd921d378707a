import { describe, expect, it } from "vitest";
import { LatestRun } from "./latest-run";

/** A piece of work the test finishes by hand, counting how often it was started. */
function controlledWork() {
  const finishers: ((value: number) => void)[] = [];
  const work = () => new Promise<number>((resolve) => finishers.push(resolve));
  return { work, started: () => finishers.length, finish: (n: number) => finishers[n]!(n) };
}

describe("LatestRun", () => {
  it("shares one run between concurrent callers", async () => {
    const runs = new LatestRun<number>(() => 0);
    const { work, started, finish } = controlledWork();
    const a = runs.run("inbox", work);
    const b = runs.run("inbox", work);
    expect(started()).toBe(1);
    finish(0);
    expect([await a, await b]).toEqual([0, 0]);
  });

  it("reuses a recent result, and runs again once it is older than allowed", async () => {
    let clock = 0;
    const runs = new LatestRun<number>(() => clock);
    const { work, started, finish } = controlledWork();
    const first = runs.run("inbox", work, { reuseForMs: 100 });
    finish(0);
    await first;
    clock = 50;
    expect(await runs.run("inbox", work, { reuseForMs: 100 })).toBe(0);
    clock = 150;
    const again = runs.run("inbox", work, { reuseForMs: 100 });
    expect(started()).toBe(2);
    finish(1);
    expect(await again).toBe(1);
  });

  it("never gives a caller who needs the present a run that began before they asked", async () => {
    let clock = 0;
    const runs = new LatestRun<number>(() => clock);
    const { work, started, finish } = controlledWork();
    const old = runs.run("inbox", work, { reuseForMs: 10_000 });
    clock = 10;
    const lookup = runs.run("inbox", work, { reuseForMs: 10_000, startedAfter: 10 });
    finish(0);
    expect(await old).toBe(0);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started()).toBe(2);
    finish(1);
    expect(await lookup).toBe(1);
    // The newer result is recent and fresh enough for the next such caller.
    expect(await runs.run("inbox", work, { reuseForMs: 10_000, startedAfter: 10 })).toBe(1);
    expect(started()).toBe(2);
  });

  it("runs again after its result is forgotten", async () => {
    const runs = new LatestRun<number>(() => 0);
    expect(await runs.run("inbox", () => Promise.resolve(1), { reuseForMs: 100 })).toBe(1);
    runs.forgetResult("inbox");
    expect(await runs.run("inbox", () => Promise.resolve(2), { reuseForMs: 100 })).toBe(2);
  });

  it("lets a failed run fail its callers and the next call run again", async () => {
    const runs = new LatestRun<number>();
    await expect(runs.run("inbox", () => Promise.reject(new Error("MESH down")))).rejects.toThrow("MESH down");
    expect(await runs.run("inbox", () => Promise.resolve(7))).toBe(7);
  });
});
