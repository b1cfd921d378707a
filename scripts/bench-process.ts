/**
 * What the web benchmarks read about a running process from /proc (Linux): its RSS, its peak RSS
 * (resettable), and its CPU time, which says what a transfer cost a process even when other work on
 * the machine stretches the wall times.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

/** The pid listening on a port: `next start` may run the server in a child process. */
export function pidListeningOn(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process found listening on port ${port}`);
  return Number(pid);
}

export function memoryKb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** Resets VmHWM to the current RSS (Linux clear_refs 5), so the peak covers only what follows. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

// USER_HZ is 100 on every Linux this runs on; /proc/<pid>/stat counts in those ticks.
const TICK_MS = 10;

/** User + system CPU time the process (all its threads) has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU ms each process spends while `work` runs. */
export async function cpuDuring<T>(pids: number[], work: () => Promise<T>): Promise<{ result: T; cpu: number[] }> {
  const before = pids.map(cpuMs);
  const result = await work();
  return { result, cpu: pids.map((pid, i) => cpuMs(pid) - before[i]!) };
}

/** CPU ms per process per round, by name. */
export type CpuRounds = Record<string, number[]>;

export function pushCpu(rounds: CpuRounds, names: string[], cpu: number[]): void {
  names.forEach((name, i) => (rounds[name] ??= []).push(cpu[i]!));
}

/**
 * One line comparing what each path costs the machine: the processes' CPU medians, their sum, and
 * that sum spread over every core, which no wall time of that path can beat. When the direct path
 * alone keeps the cores busy, whatever the web process spends shows in the ratio.
 */
export function cpuSummary(what: string, direct: CpuRounds, web: CpuRounds, median: (v: number[]) => number): string {
  const cores = os.availableParallelism();
  const part = (rounds: CpuRounds) => {
    const entries = Object.entries(rounds).map(([name, values]) => [name, median(values)] as const);
    const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
    return { text: entries.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(" + "), total };
  };
  const d = part(direct);
  const w = part(web);
  return (
    `  CPU per ${what} (ms, medians; the mailbox server's PostgreSQL not counted): direct ${d.text} = ${d.total.toFixed(0)}; ` +
    `through the web ${w.text} = ${w.total.toFixed(0)}. On ${cores} cores no run of the web path can take under ${(w.total / cores).toFixed(0)} ms`
  );
}
