import { describe, expect, it } from "vitest";
import { nextCheckAt, parseSchedule } from "./sent-schedule";
import { describeSentStatus, MESH_SENT_STATES, SENT_OUTSIDE_MAILROOM, SENT_STATUS, whoSent } from "./sent-status";
import { sentTimeline } from "./sent-timeline";

const sentAt = new Date(Date.UTC(2026, 11, 1, 9, 0));
const base = { sentAt, statusUpdatedAt: new Date(Date.UTC(2026, 11, 1, 10, 30)), expiresAt: null, statusCode: null, ndrDescription: null };

describe("the sent status vocabulary", () => {
  it("names every MESH state once, in sentence case, with its own colour", () => {
    expect(MESH_SENT_STATES.map((state) => SENT_STATUS[state].label)).toEqual([
      "Sending",
      "Waiting to be collected",
      "Received",
      "Not delivered",
      "Failed",
    ]);
    expect(new Set(MESH_SENT_STATES.map((state) => SENT_STATUS[state].colour)).size).toBe(MESH_SENT_STATES.length);
  });

  it("says when a waiting message expires, when it was received, and why it was not delivered", () => {
    expect(describeSentStatus({ ...base, status: "accepted" }).detail).toBe("In the recipient's inbox until 6 December 2026 at 9:00am.");
    expect(describeSentStatus({ ...base, status: "acknowledged" }).detail).toBe("Received on 1 December 2026 at 10:30am.");
    expect(describeSentStatus({ ...base, status: "undeliverable", statusCode: "14" }).detail).toBe("Not collected within 5 days.");
    expect(describeSentStatus({ ...base, status: "error", statusCode: "17", ndrDescription: "Workflow not registered" }).detail).toBe(
      "Workflow not registered (MESH code 17).",
    );
  });

  it("tells the story with the report's code and description", () => {
    const timeline = sentTimeline({
      ...base,
      status: "undeliverable",
      statusCode: "14",
      ndrDescription: "Message not collected by recipient after 5 days",
      ndrMessageId: "R1",
      recipientMailboxId: "Y90001OT",
    });
    expect(timeline.map((entry) => entry.title)).toEqual(["Uploaded", "Accepted", "Non-delivery report"]);
    expect(timeline[2]?.detail).toBe("Not collected within 5 days (MESH code 14: Message not collected by recipient after 5 days).");
  });
});

describe("the refresher's schedule", () => {
  const steps = parseSchedule("1m,5m,15m,1h")!;

  it("reads rising durations and refuses anything else", () => {
    expect(steps).toEqual([60_000, 300_000, 900_000, 3_600_000]);
    expect(parseSchedule("5m,1m")).toBeNull();
    expect(parseSchedule("1 minute")).toBeNull();
    expect(parseSchedule("0s")).toBeNull();
  });

  it("keeps to the offsets after sending, then repeats the last step", () => {
    const at = (ms: number) => new Date(sentAt.getTime() + ms);
    expect(nextCheckAt(sentAt, 0, sentAt, steps)).toEqual(at(60_000));
    expect(nextCheckAt(sentAt, 1, at(61_000), steps)).toEqual(at(300_000));
    expect(nextCheckAt(sentAt, 3, at(900_500), steps)).toEqual(at(3_600_000));
    expect(nextCheckAt(sentAt, 4, at(3_600_000), steps)).toEqual(at(7_200_000));
    // A check made late (the bound held it back) does not make the next one due at once.
    expect(nextCheckAt(sentAt, 1, at(400_000), steps)).toEqual(at(401_000));
  });
});

describe("who sent it", () => {
  it("names the person, says when they are no longer known, and marks a message sent from another system", () => {
    expect(whoSent("555000000003", "Grace Okafor")).toBe("Grace Okafor");
    expect(whoSent("555000000003", null)).toBe("Someone no longer listed");
    expect(whoSent(null, null)).toBe(SENT_OUTSIDE_MAILROOM);
    expect(SENT_OUTSIDE_MAILROOM).toBe("Sent outside Mailroom");
    const uploaded = (sentBy: string | null) =>
      sentTimeline({ ...base, status: "accepted", ndrMessageId: null, recipientMailboxId: "Y90001OT", sentBy })[0]?.detail;
    expect(uploaded(null)).toBe("Another system using this mailbox uploaded the file to MESH.");
    expect(uploaded("555000000003")).toBe("Mailroom uploaded the file to MESH.");
  });
});
