import { describe, expect, it } from "vitest";
import {
  OTHER_WORKFLOW,
  announcedPercent,
  fileProblem,
  isSendProblemPage,
  secondsLeft,
  sendProblemMessage,
  workflowIdMissing,
} from "./send-rules";

const file = (size: number, name = "a.csv") => new File([new Uint8Array(size)], name);

describe("the send page's rules", () => {
  it("takes exactly one non-empty file within the limit", () => {
    expect(fileProblem([], 100)).toBe("Select a file to send");
    expect(fileProblem([file(1), file(1, "b.csv")], 100)).toBe("You can only send one file at a time");
    expect(fileProblem([file(0)], 100)).toBe("The selected file is empty");
    expect(fileProblem([file(101)], 100)).toMatch(/^The selected file must be .* or smaller$/);
    expect(fileProblem([file(100)], 100)).toBeUndefined();
  });

  it("estimates the time left from the pace so far", () => {
    expect(secondsLeft({ loaded: 0, total: 100, startedAt: 0 }, 5000)).toBeNull();
    expect(secondsLeft({ loaded: 25, total: 100, startedAt: 0 }, 500)).toBeNull();
    expect(secondsLeft({ loaded: 25, total: 100, startedAt: 0 }, 10_000)).toBe(30);
    expect(secondsLeft({ loaded: 100, total: 100, startedAt: 0 }, 10_000)).toBe(0);
  });

  it("announces progress in steps of ten percent", () => {
    expect([0, 9, 10, 55, 99, 100].map(announcedPercent)).toEqual([0, 0, 10, 50, 90, 100]);
  });

  it("gives MESH's silence, and a refusal no answer can fix, a problem page of its own", () => {
    expect(isSendProblemPage("mesh-unreachable", undefined)).toBe(true);
    expect(isSendProblemPage("mesh-refused", undefined)).toBe(true);
    expect(isSendProblemPage("mesh-refused", "recipient")).toBe(false);
    expect(isSendProblemPage("file-too-large", "file")).toBe(false);
    expect(isSendProblemPage(undefined, undefined)).toBe(false);
  });

  it("asks for the workflow ID when another one was chosen and left empty, and only then", () => {
    expect(workflowIdMissing(OTHER_WORKFLOW, "  ")).toBe("Enter the workflow ID");
    expect(workflowIdMissing(OTHER_WORKFLOW, "PATH_MEDRPT_V3")).toBeUndefined();
    expect(workflowIdMissing("", "")).toBeUndefined();
  });

  it("tells someone without JavaScript to rename a file whose name cannot be sent", () => {
    expect(sendProblemMessage("file-name-invalid")).toContain("Rename the file on your computer and choose it again");
  });
});
