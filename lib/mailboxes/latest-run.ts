/**
 * One run at a time per key, shared by concurrent callers, with its result reused for a while. A
 * caller that must see the world as it is now (`startedAfter`) never gets a run that began earlier:
 * it waits for that one to end and starts (or joins) a newer one.
 */
export class LatestRun<T> {
  private readonly runs = new Map<string, { running?: Promise<T>; runningSince?: number; last?: T; lastSince?: number; lastAt?: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async run(
    key: string,
    work: () => Promise<T>,
    { reuseForMs = 0, startedAfter }: { reuseForMs?: number; startedAfter?: number } = {},
  ): Promise<T> {
    const entry = this.runs.get(key) ?? {};
    this.runs.set(key, entry);
    const fresh = (since: number | undefined) => startedAfter === undefined || (since !== undefined && since >= startedAfter);
    if (entry.running) {
      if (fresh(entry.runningSince)) return entry.running;
      await entry.running.catch(() => undefined);
      return this.run(key, work, { reuseForMs, startedAfter });
    }
    if (entry.last !== undefined && entry.lastAt !== undefined && this.now() - entry.lastAt < reuseForMs && fresh(entry.lastSince)) {
      return entry.last;
    }
    const since = this.now();
    const running = work().then((result) => {
      Object.assign(entry, { last: result, lastSince: since, lastAt: this.now() });
      return result;
    });
    entry.running = running;
    entry.runningSince = since;
    try {
      return await running;
    } finally {
      if (entry.running === running) entry.running = undefined;
    }
  }

  /** Drops the reusable result (the world changed), so the next call runs again. */
  forgetResult(key: string): void {
    const entry = this.runs.get(key);
    if (entry) entry.lastAt = undefined;
  }
}
