import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxProcessEnv } from "../bundle";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";

/** The launchers give the server one malloc arena (ADR 0114) unless the caller chose otherwise. */
describe("the mailbox server's process environment", () => {
  let mb: RunningMailbox;
  beforeAll(async () => {
    mb = await startMailbox();
  });
  afterAll(async () => {
    await mb?.stop();
  });

  it("runs the server with one malloc arena", () => {
    const environ = readFileSync(`/proc/${mb.pid()}/environ`, "utf8").split("\0");
    expect(environ).toContain(`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? "1"}`);
  });

  it("keeps a caller's own setting", () => {
    expect(mailboxProcessEnv({ MALLOC_ARENA_MAX: "4", PATH: "/bin" })).toEqual({ MALLOC_ARENA_MAX: "4", PATH: "/bin" });
    expect(mailboxProcessEnv({ PATH: "/bin" })).toEqual({ MALLOC_ARENA_MAX: "1", PATH: "/bin" });
  });
});
