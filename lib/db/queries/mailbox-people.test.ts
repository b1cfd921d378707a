import { expect, it } from "vitest";
import { openDb } from "../app-db";
import { describeEachDatabase } from "../test-databases";
import { recordAudit } from "./audit";
import { findGrant, setGrant } from "./directory";
import { changeGrant, directoryCandidates, lastGrantEventWasRemoval, listMailboxPeople } from "./mailbox-people";
import { createSession } from "./sessions";

const PRIYA = "555000000001";
const TOM = "555000000002";
const DAN = "555000000004";
const NINA = "555000000008";
const M = "Y90001OT";

describeEachDatabase(
  "mailbox people",
  ({ db, url, name }) => {
    it("lists who has access with who granted it, a pre-grant without a name", async () => {
      expect(await changeGrant(db(), { mailboxId: M, personId: "555000000077", role: "member", by: PRIYA })).toEqual({
        ok: true,
        previousRole: null,
      });
      const people = await listMailboxPeople(db(), M);
      const pre = people.find((p) => p.personId === "555000000077");
      expect(pre).toMatchObject({ name: "", role: "member", grantedBy: PRIYA, grantedByName: "Priya Shah", lastSignInAt: null });
      expect(people[0]).toMatchObject({ personId: PRIYA, role: "admin" });
    });

    it("refuses to remove or demote the last admin, and allows it once there is another", async () => {
      expect(await changeGrant(db(), { mailboxId: M, personId: PRIYA, role: null, by: PRIYA })).toEqual({
        ok: false,
        reason: "last-admin",
      });
      expect(await changeGrant(db(), { mailboxId: M, personId: PRIYA, role: "member", by: PRIYA })).toEqual({
        ok: false,
        reason: "last-admin",
      });
      await changeGrant(db(), { mailboxId: M, personId: TOM, role: "admin", by: PRIYA });
      expect(await changeGrant(db(), { mailboxId: M, personId: PRIYA, role: "member", by: TOM })).toEqual({
        ok: true,
        previousRole: "admin",
      });
      expect(await changeGrant(db(), { mailboxId: M, personId: PRIYA, role: "admin", by: TOM })).toEqual({
        ok: true,
        previousRole: "member",
      });
      expect(await changeGrant(db(), { mailboxId: M, personId: DAN, role: null, by: TOM })).toEqual({ ok: false, reason: "no-grant" });
    });

    if (name === "postgres") {
      it("lets only one of two admins demoting each other at once succeed", async () => {
        const [a, b] = await Promise.all([openDb(url()!), openDb(url()!)]);
        try {
          const results = await Promise.all([
            changeGrant(a.db, { mailboxId: M, personId: PRIYA, role: "member", by: TOM }),
            changeGrant(b.db, { mailboxId: M, personId: TOM, role: "member", by: PRIYA }),
          ]);
          expect(results.filter((r) => r.ok)).toHaveLength(1);
          const admins = (await listMailboxPeople(db(), M)).filter((p) => p.role === "admin");
          expect(admins).toHaveLength(1);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });
    }

    it("offers the organisation's people who have no grant on the mailbox yet", async () => {
      await createSession(db(), { personId: NINA, absoluteMs: 60_000, orgCodes: ["Y90001"] });
      const ids = (await directoryCandidates(db(), "Y90001", M)).map((p) => p.personId);
      expect(ids).toContain(NINA);
      expect(ids).not.toContain(PRIYA);
      expect(ids).not.toContain(DAN);
      await setGrant(db(), { personId: NINA, mailboxId: M, role: "member", grantedBy: PRIYA });
      expect((await directoryCandidates(db(), "Y90001", M)).map((p) => p.personId)).not.toContain(NINA);
    });

    it("knows when a person's latest grant event on a mailbox is a removal", async () => {
      expect(await lastGrantEventWasRemoval(db(), NINA, M)).toBe(false);
      await recordAudit(db(), { action: "access-removed", mailboxId: M, detail: { personId: NINA } });
      expect(await lastGrantEventWasRemoval(db(), NINA, M)).toBe(true);
      await recordAudit(db(), { action: "access-granted", mailboxId: M, detail: { personId: NINA } });
      expect(await lastGrantEventWasRemoval(db(), NINA, M)).toBe(false);
      expect(await findGrant(db(), NINA, M)).not.toBeNull();
    });
  },
  { seed: true },
);
