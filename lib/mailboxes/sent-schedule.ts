/*
 * When the refresher asks MESH about a message that is not final (ADR 0014): at the schedule's
 * offsets after sending (by default 1, 5 and 15 minutes and 1 hour), then every last step (hourly).
 */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

export const DEFAULT_SENT_TRACKING_SCHEDULE = "1m,5m,15m,1h";

/** "1m,5m,15m,1h" → milliseconds; null if any part is not a number with s, m or h. */
export function parseSchedule(text: string): number[] | null {
  const steps = text.split(",").map((part) => {
    const match = /^\s*(\d+)\s*([smh])\s*$/.exec(part);
    return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  });
  if (steps.length === 0 || steps.some((step) => !Number.isFinite(step) || step <= 0)) return null;
  for (let i = 1; i < steps.length; i++) if ((steps[i] as number) < (steps[i - 1] as number)) return null;
  return steps;
}

/**
 * The next check after `checksDone` checks. The first ones keep to their offsets from the send
 * time; after the last offset the gap is the last step, measured from `now` (the check just made).
 */
export function nextCheckAt(sentAt: Date, checksDone: number, now: Date, steps: readonly number[]): Date {
  const offset = steps[checksDone];
  const soonest = now.getTime() + 1_000;
  if (offset !== undefined) return new Date(Math.max(sentAt.getTime() + offset, soonest));
  return new Date(now.getTime() + (steps[steps.length - 1] as number));
}
