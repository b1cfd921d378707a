/** Lifecycle time source. Injected so tests can move time without waiting days. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that follows the system clock plus an adjustable offset, so time keeps flowing (ordering of
 * message ids and events stays natural) while tests can jump it forward by days.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }

  set(at: Date): Date {
    this.offsetMs = at.getTime() - Date.now();
    return this.now();
  }
}
