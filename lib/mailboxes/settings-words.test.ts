import { describe, expect, it } from "vitest";
import { ruleSentence } from "./settings-words";

describe("ruleSentence", () => {
  it("says where redirected messages go, from either end", () => {
    expect(ruleSentence({ kind: "redirect", redirectTo: "NEWBOX", ifRecipient: "OLDBOX" }, "OLDBOX")).toBe(
      "Messages sent to this mailbox are delivered to NEWBOX instead.",
    );
    expect(ruleSentence({ kind: "redirect", redirectTo: "NEWBOX", ifRecipient: "OLDBOX" }, "NEWBOX")).toBe(
      "Messages sent to OLDBOX are delivered to this mailbox instead.",
    );
  });

  it("names every condition of a CC rule, this mailbox as such", () => {
    expect(ruleSentence({ kind: "cc", ccTo: "AUDIT", ifSender: "PRACTICE", workflowId: "FLOW1" }, "PRACTICE")).toBe(
      "A copy of every message sent by this mailbox and in workflow FLOW1 also goes to AUDIT.",
    );
    expect(ruleSentence({ kind: "cc", ccTo: "AUDIT", ifRecipient: "OTHER" }, "AUDIT")).toBe(
      "A copy of every message sent to OTHER also goes to this mailbox.",
    );
  });
});
