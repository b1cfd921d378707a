import { describe, expect, it } from "vitest";
import { readCappedText } from "./capped-body";

/** A body that never ends by itself, counting how many bytes were pulled from it. */
function endlessBody() {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.bytes += 1024;
      controller.enqueue(new Uint8Array(1024).fill(0x61));
    },
  });
  return { stream, pulled };
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readCappedText", () => {
  it("reads a body within the cap", async () => {
    expect(await readCappedText(post("logout_token=abc"), 100)).toEqual({ ok: true, text: "logout_token=abc" });
  });

  it("stops reading an endless body soon after the cap, instead of reading all of it", async () => {
    const { stream, pulled } = endlessBody();
    expect(await readCappedText(post(stream), 16 * 1024)).toEqual({ ok: false, reason: "too-large" });
    expect(pulled.bytes).toBeLessThan(64 * 1024);
  });

  it("refuses at once a body whose declared length is over the cap", async () => {
    const { stream, pulled } = endlessBody();
    expect(await readCappedText(post(stream, { "content-length": "1000000" }), 1024)).toEqual({ ok: false, reason: "too-large" });
    expect(pulled.bytes).toBeLessThan(8 * 1024);
  });

  it("says so when the body breaks off", async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("connection reset"));
      },
    });
    expect(await readCappedText(post(broken), 1024)).toEqual({ ok: false, reason: "unreadable" });
  });
});
