import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MeshError } from "@/lib/mesh/errors";
import { createLogger, errorFields } from "./logger";

function captured() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger("web", sink) };
}

describe("the logger", () => {
  it("writes JSON lines naming the service and level, with an ISO time", () => {
    const { lines, logger } = captured();
    logger.info({ mailboxId: "Y90001OT" }, "inbox synced");
    expect(lines[0]).toMatchObject({ level: "info", service: "web", mailboxId: "Y90001OT", msg: "inbox synced" });
    expect(new Date(String(lines[0]?.time)).toISOString()).toBe(lines[0]?.time);
  });

  it("censors secret fields at any of the first three levels", () => {
    const { lines, logger } = captured();
    logger.info({ password: "p", request: { cookie: "c", headers: { authorization: "NHSMESH x" } }, mailbox: { sharedKey: "k" } }, "x");
    expect(JSON.stringify(lines[0])).not.toMatch(/"p"|"c"|NHSMESH|"k"/);
    expect(lines[0]).toMatchObject({ password: "[redacted]", request: { cookie: "[redacted]", headers: { authorization: "[redacted]" } } });
  });

  it("describes a MESH failure by its kind, status and code", () => {
    const error = new MeshError("MESH refused the message", { kind: "workflow-not-permitted", status: 403, code: "17" });
    expect(errorFields(error)).toEqual({
      error: { name: "MeshError", message: "MESH refused the message", kind: "workflow-not-permitted", status: 403, code: "17" },
    });
  });
});
