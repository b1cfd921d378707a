import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../test-databases";
import { getMailboxCredentials, replaceMailboxCredentials } from "./directory";
import { findMailboxSettings, renameMailbox } from "./mailbox-settings";

const M = "Y90002OT";
const DAN = "555000000004";

describeEachDatabase(
  "mailbox settings",
  ({ db }) => {
    it("shows no secret, only whether a certificate is stored and who last replaced the credentials", async () => {
      expect(await findMailboxSettings(db(), M)).toEqual({
        mailboxId: M,
        displayName: "Hillside Surgery",
        meshUrl: null,
        hasClientCertificate: false,
        credentialsUpdatedAt: null,
        credentialsUpdatedBy: null,
        credentialsUpdatedByName: null,
      });
      expect(await findMailboxSettings(db(), "NOSUCH")).toBeNull();
    });

    it("replaces the password alone, then with a certificate and key, encrypted at rest", async () => {
      const at = new Date("2026-12-01T10:00:00Z");
      expect(await replaceMailboxCredentials(db(), M, { password: "new-password" }, DAN, at)).toBe(true);
      expect(await getMailboxCredentials(db(), M)).toMatchObject({ password: "new-password", sharedKey: "TestKey", clientKey: null });
      await replaceMailboxCredentials(db(), M, { password: "again", clientCert: "CERT PEM", clientKey: "KEY PEM" }, DAN, at);
      expect(await getMailboxCredentials(db(), M)).toMatchObject({ password: "again", clientCert: "CERT PEM", clientKey: "KEY PEM" });
      // The password alone keeps the stored certificate and key.
      await replaceMailboxCredentials(db(), M, { password: "third" }, DAN, at);
      expect(await getMailboxCredentials(db(), M)).toMatchObject({ password: "third", clientKey: "KEY PEM" });
      const raw = await db().execute(sql`select password_encrypted, client_key_encrypted from mailboxes where mailbox_id = ${M}`);
      const text = JSON.stringify((raw as unknown as { rows: unknown[] }).rows);
      expect(text).not.toContain("third");
      expect(text).not.toContain("KEY PEM");
      expect(await findMailboxSettings(db(), M)).toMatchObject({
        hasClientCertificate: true,
        credentialsUpdatedAt: at,
        credentialsUpdatedBy: DAN,
        credentialsUpdatedByName: "Dan Evans",
      });
      expect(await replaceMailboxCredentials(db(), "NOSUCH", { password: "x" }, DAN)).toBe(false);
    });

    it("renames a mailbox and returns the old name", async () => {
      expect(await renameMailbox(db(), M, "Hillside Surgery – front desk")).toBe("Hillside Surgery");
      expect((await findMailboxSettings(db(), M))?.displayName).toBe("Hillside Surgery – front desk");
      expect(await renameMailbox(db(), "NOSUCH", "x")).toBeNull();
    });
  },
  { seed: true },
);
