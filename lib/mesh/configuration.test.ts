import { describe, expect, it } from "vitest";
import { mailboxConfigurationSchema } from "./configuration";

describe("mailboxConfigurationSchema", () => {
  it("reads workflows and both kinds of rule, absent conditions left out", () => {
    const parsed = mailboxConfigurationSchema.parse({
      mailbox_id: "PRACTICE",
      mailbox_name: null,
      workflows: { any: false, send: ["FLOW1"], receive: ["FLOW1"] },
      rules: [
        { kind: "cc", cc_to_mailbox_id: "AUDIT", cc_if_sender: "PRACTICE", cc_if_recipient: null, workflow_id: null },
        { kind: "redirect", redirect_to_mailbox_id: "NEW", redirect_if_recipient: "PRACTICE" },
      ],
    });
    expect(parsed).toEqual({
      mailboxId: "PRACTICE",
      mailboxName: "",
      workflows: { any: false, send: ["FLOW1"], receive: ["FLOW1"] },
      rules: [
        { kind: "cc", ccTo: "AUDIT", ifSender: "PRACTICE", ifRecipient: undefined, workflowId: undefined },
        { kind: "redirect", redirectTo: "NEW", ifRecipient: "PRACTICE" },
      ],
    });
  });

  it("refuses a rule of an unknown kind", () => {
    const body = { mailbox_id: "P", workflows: { any: true, send: [], receive: [] }, rules: [{ kind: "forward" }] };
    expect(mailboxConfigurationSchema.safeParse(body).success).toBe(false);
  });
});
