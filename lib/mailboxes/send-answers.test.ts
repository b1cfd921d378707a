import { describe, expect, it } from "vitest";
import { asTheyWillArrive, formatBytes, sendAnswersSchema, sendAnswersWithin } from "./send-answers";

const good = { recipient: " y90001ot ", workflowId: "MAILROOM_FILE", fileName: "results.csv", size: "12", contentType: "text/csv" };

describe("sendAnswersSchema", () => {
  it("trims and upper-cases the recipient and reads the size as a number", () => {
    const answers = sendAnswersSchema.parse({ ...good, subject: "  ", localId: "" });
    expect(answers).toMatchObject({ recipient: "Y90001OT", size: 12, contentType: "text/csv", subject: undefined, localId: undefined });
  });

  it("refuses mailbox ids MESH could not have issued", () => {
    for (const recipient of ["", "Y9000 1OT", "Y90001OT/../X", "A".repeat(21), "Y9ÖÖ1"]) {
      expect(sendAnswersSchema.safeParse({ ...good, recipient }).success, recipient).toBe(false);
    }
  });

  it("keeps to MESH's header limits, counting the name as it will arrive", () => {
    expect(sendAnswersSchema.safeParse({ ...good, subject: "s".repeat(501) }).success).toBe(false);
    expect(sendAnswersSchema.safeParse({ ...good, localId: "l".repeat(301) }).success).toBe(false);
    expect(sendAnswersSchema.safeParse({ ...good, fileName: `${"報".repeat(40)}.txt` }).success).toBe(false);
    expect(sendAnswersSchema.safeParse({ ...good, subject: "line\nbreak" }).success).toBe(false);
    expect(sendAnswersSchema.safeParse({ ...good, localId: "ref 報" }).success).toBe(false);
  });

  it("refuses an empty file and takes a path's last part as the name", () => {
    expect(sendAnswersSchema.safeParse({ ...good, size: 0 }).error?.issues[0]?.message).toBe("The selected file is empty");
    expect(sendAnswersSchema.parse({ ...good, fileName: "C:\\Users\\me\\scan.pdf" }).fileName).toBe("scan.pdf");
  });

  it("falls back to octet-stream for a type MESH would not take", () => {
    expect(sendAnswersSchema.parse({ ...good, contentType: "" }).contentType).toBe("application/octet-stream");
    expect(sendAnswersSchema.parse({ ...good, contentType: "text/csv; charset=\u00e9" }).contentType).toBe("application/octet-stream");
  });
});

describe("limits", () => {
  it("checks the size against the limit of this request, in decimal megabytes", () => {
    expect(sendAnswersWithin(50_000_000).safeParse({ ...good, size: 50_000_000 }).success).toBe(true);
    const over = sendAnswersWithin(50_000_000).safeParse({ ...good, size: 50_000_001 });
    expect(over.error?.issues[0]).toMatchObject({ path: ["size"], message: "The selected file must be 50 MB or smaller" });
    expect(formatBytes(104_857_600)).toBe("104.9 MB");
    expect(formatBytes(1500)).toBe("1.5 KB");
  });

  it("shows the name as it will arrive", () => {
    expect(asTheyWillArrive({ fileName: "notes \u2013 v2.txt", subject: "Ωmega" })).toEqual({
      fileName: "notes - v2.txt",
      subject: "%CE%A9mega",
    });
  });
});
