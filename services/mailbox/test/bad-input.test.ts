import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { meshToken } from "../testing/mesh-token";
import { Caller, request } from "./helpers";

// Control characters, over-long values and odd encodings in a path, query or header: always a 4xx, never a 5xx.
let mb: RunningMailbox;
const base = () => mb.url;
const a = new Caller(base, "X26ABC1");
const b = new Caller(base, "X26ABC2");

beforeAll(async () => {
  mb = await startMailbox({ env: { MAILBOX_SWEEP_INTERVAL_MS: "0", MAILBOX_ADMIN: "1", MAILBOX_TEST_CLOCK: "1" } });
});
afterAll(async () => {
  await mb?.stop();
});

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Sends a request as it is, for targets and headers an HTTP client would refuse or rewrite. */
function rawStatus(target: string, method = "GET", headers: Record<string, string> = {}, body = ""): Promise<number> {
  const lines = Object.entries({ host: "127.0.0.1", connection: "close", "content-length": String(body.length), ...headers }).map(
    ([k, v]) => `${k}: ${v}\r\n`,
  );
  return new Promise((resolve, reject) => {
    const socket = net.connect(mb.port, "127.0.0.1", () =>
      socket.end(Buffer.from(`${method} ${target} HTTP/1.1\r\n${lines.join("")}\r\n${body}`, "latin1")),
    );
    let out = "";
    socket.on("data", (d: Buffer) => (out += d.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0)));
  });
}

describe("bad input answers a 400", () => {
  it("in a tracking request's messageID: NUL, CR/LF, DEL, too long", async () => {
    for (const value of ["%00", "ab%0D%0Acd", "a%7Fb", "x".repeat(101)]) {
      const r = await a.call("GET", `/outbox/tracking?messageID=${value}`);
      expect(r.status, value).toBe(400);
      expect(r.json<{ detail: { loc: string[] }[] }>().detail[0]!.loc[0]).toBe("query");
    }
  });

  it("in any path segment: control characters, broken percent-encoding, over-long values", async () => {
    const paths: [string, string][] = [
      ["GET", "/outbox/tracking/%00"],
      ["GET", "/outbox/tracking/%E0%A4%A"],
      ["GET", `/outbox/tracking/${"l".repeat(301)}`],
      ["GET", "/inbox/%00"],
      ["HEAD", "/inbox/ab%0Acd"],
      ["GET", "/inbox/%ZZ/1"],
      ["PUT", "/inbox/%00/status/acknowledged"],
      ["POST", "/outbox/%00/2"],
    ];
    for (const [method, path] of paths) expect((await a.call(method, path)).status, `${method} ${path}`).toBe(400);
    expect((await request(`${base()}/messageexchange/endpointlookup/%E0%A4%A/WF`)).status).toBe(400);
    expect((await request(`${base()}/messageexchange/workflowsearch/a%00b`)).status).toBe(400);
    expect((await request(`${base()}/admin/message/%00`)).status).toBe(400);
  });

  it("in inbox queries: control characters, cursors beyond any row, times beyond the database", async () => {
    const queries = [
      `/inbox?continue_from=${"a".repeat(30)}%00`,
      "/inbox?workflow_filter=a%00b",
      `/inbox?continue_from=${cursor({ seq: 1e300 })}`,
      `/inbox/rich?continue_from=${cursor({ seq: 1.5 })}`,
      `/inbox/rich?continue_from=${cursor({ seq: 1e300 })}`,
      "/inbox/rich?start_time=-200000-01-01T00:00:00",
    ];
    for (const q of queries) expect((await a.call("GET", q)).status, q).toBe(400);
  });

  it("in a request target no URL parser reads", async () => {
    expect(await rawStatus("//[")).toBe(400);
    expect(await rawStatus("/messageexchange/X26ABC1/inbox?x=%ZZ")).toBe(403); // decodable enough: the token decides
  });

  it("in a send header holding DEL; Latin-1 text goes through and comes back as sent", async () => {
    const headers = {
      authorization: meshToken({ mailboxId: "X26ABC1", password: "password" }),
      "mex-to": "X26ABC2",
      "mex-workflowid": "TEST_WORKFLOW",
    };
    const status = await rawStatus("/messageexchange/X26ABC1/outbox", "POST", { ...headers, "mex-subject": "del\u007f" }, "x");
    expect([400, 0]).toContain(status); // refused by the server, or by Node's header parser before it
    expect(await b.inbox()).toEqual([]);
    // A Buffer body: with a string body Node writes the request head as UTF-8.
    const id = await a.send("X26ABC2", Buffer.from("latin-1"), { "mex-filename": "r\u00e9sum\u00e9 \u00ff.csv" });
    const head = await b.call("HEAD", `/inbox/${id}`);
    expect(head.status).toBe(200);
    expect(head.headers["mex-filename"]).toBe("r\u00e9sum\u00e9 \u00ff.csv");
    await b.ack(id);
  });

  it("in the test clock: dates and moves beyond what the database holds", async () => {
    const clock = (body: Record<string, unknown>) =>
      request(`${base()}/admin/test/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...body, sweep: false }),
      });
    expect((await clock({ set: "-200000-01-01T00:00:00Z" })).status).toBe(400);
    expect((await clock({ advance_ms: 1e308 })).status).toBe(400);
    expect((await clock({ set: "9999-12-31T00:00:00Z", advance_days: 2 })).status).toBe(400);
    expect((await clock({ advance_ms: 0 })).status).toBe(200);
  });
});
