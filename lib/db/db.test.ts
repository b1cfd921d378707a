import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SecretDecryptError } from "@/lib/crypto/secrets";
import { DEMO_MAILBOXES, DEMO_ORGANISATIONS, DEMO_PEOPLE, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { openDb, type Db } from "./index";
import { listAudit, recordAudit } from "./queries/audit";
import {
  findGrant,
  findMailbox,
  findPerson,
  getMailboxCredentials,
  knownOrganisation,
  listGrantsForMailbox,
  listGrantsForPerson,
  removeGrant,
  setGrant,
  upsertMailbox,
  upsertOrganisation,
  upsertPersonOnSignIn,
} from "./queries/directory";
import { createSession, deleteEndedSessions, revokeAllForPerson, revokeByIdpSid, revokeSession, touchSession } from "./queries/sessions";
import { seedDemoDataIfEmpty } from "./seed";
import { createThrowawayPostgres } from "../testing/throwaway-postgres";
import { describeEachDatabase } from "./test-databases";

// Both drivers' results carry `rows`; the shared Db type does not promise a shape for raw SQL.
async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describeEachDatabase(
  "database",
  ({ db }) => {
    describe("migrations", () => {
      it("creates every table and records every migration", async () => {
        const tables = await rows<{ table_name: string }>(
          db(),
          sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
        );
        expect(tables.map((t) => t.table_name)).toEqual([
          "access_reviews",
          "audit_log",
          "grants",
          "inbox_messages",
          "mailbox_workflows",
          "mailboxes",
          "organisations",
          "people",
          "send_intents",
          "sent_messages",
          "sessions",
          "workflows",
        ]);
        const applied = await rows<{ n: number }>(db(), sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        const journal = JSON.parse(readFileSync(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8")) as {
          entries: unknown[];
        };
        expect(applied[0]?.n).toBe(journal.entries.length);
      });

      it("rejects lower-case mailbox ids and unknown roles", async () => {
        await expect(
          db().execute(sql`insert into mailboxes (mailbox_id, display_name, ods_code, password_encrypted, shared_key_encrypted)
                           values ('x26abc9', 'x', 'X26', 'v1:a:b:c', 'v1:a:b:c')`),
        ).rejects.toThrow();
        await expect(
          db().execute(
            sql`insert into grants (person_id, mailbox_id, role, granted_by) values ('555000000001', 'X26ABC1', 'owner', 'system')`,
          ),
        ).rejects.toThrow();
      });
    });

    describe("seed", () => {
      it("seeded the demo directory on open, with encrypted credentials", async () => {
        const orgs = await rows<{ n: number }>(db(), sql`select count(*)::int as n from organisations`);
        expect(orgs[0]?.n).toBe(DEMO_ORGANISATIONS.length);
        const stored = await rows<{ password_encrypted: string }>(
          db(),
          sql`select password_encrypted from mailboxes where mailbox_id = 'Y90001OT'`,
        );
        expect(stored[0]?.password_encrypted).toMatch(/^v1:/);
        expect(stored[0]?.password_encrypted).not.toContain("riverside");

        const creds = await getMailboxCredentials(db(), "Y90001OT");
        expect(creds).toMatchObject({ password: "riverside-mesh-pw", sharedKey: DEMO_SHARED_KEY, meshUrl: null, clientKey: null });
        const grace = DEMO_PEOPLE.find((p) => p.username === "grace.okafor")!;
        const graceGrants = await listGrantsForPerson(db(), grace.userId);
        expect(graceGrants.map((g) => g.mailboxId).sort()).toEqual(["R9XPATH1", "R9XRECS1"]);
        expect(graceGrants[0]).toMatchObject({ grantedBy: "system", organisationName: "Northgate Hospitals NHS Trust" });
      });

      it("does nothing the second time", async () => {
        expect(await seedDemoDataIfEmpty(db())).toBe(false);
        const mailboxes = await rows<{ n: number }>(db(), sql`select count(*)::int as n from mailboxes`);
        expect(mailboxes[0]?.n).toBe(DEMO_MAILBOXES.length);
      });
    });

    describe("directory", () => {
      it("creates a person on first sign-in and updates them later", async () => {
        const t1 = new Date("2026-03-01T09:00:00Z");
        const t2 = new Date("2026-03-02T09:00:00Z");
        const first = await upsertPersonOnSignIn(db(), { id: "555000000099", name: "New Person" }, t1);
        expect(first).toMatchObject({ name: "New Person", email: null, lastSignInAt: t1 });
        await upsertPersonOnSignIn(db(), { id: "555000000099", name: "Renamed", email: "n@example.test" }, t2);
        expect(await findPerson(db(), "555000000099")).toMatchObject({
          name: "Renamed",
          email: "n@example.test",
          lastSignInAt: t2,
          createdAt: t1,
        });
        expect(await findPerson(db(), "nobody")).toBeNull();
      });

      it("finds organisations by ODS code, any case", async () => {
        expect(await knownOrganisation(db(), "y90001")).toEqual({ odsCode: "Y90001", name: "Riverside Medical Practice" });
        expect(await knownOrganisation(db(), "ZZZ")).toBeNull();
      });

      it("grants, changes and removes access", async () => {
        expect(await findGrant(db(), "555000000099", "Y90002OT")).toBeNull();
        await setGrant(db(), { personId: "555000000099", mailboxId: "y90002ot", role: "member", grantedBy: "555000000004" });
        expect(await findGrant(db(), "555000000099", "Y90002OT")).toMatchObject({ role: "member", grantedBy: "555000000004" });
        await setGrant(db(), { personId: "555000000099", mailboxId: "Y90002OT", role: "admin", grantedBy: "system" });
        expect((await findGrant(db(), "555000000099", "Y90002OT"))?.role).toBe("admin");
        const everyone = await listGrantsForMailbox(db(), "Y90002OT");
        // Jo Patel's seeded grant stays although her Hillside role has ended (ADR 0016).
        expect(everyone.map((g) => g.name)).toEqual(["Dan Evans", "Jo Patel", "Renamed"]);
        expect(await removeGrant(db(), "555000000099", "Y90002OT")).toBe(true);
        expect(await removeGrant(db(), "555000000099", "Y90002OT")).toBe(false);
        expect(await listGrantsForPerson(db(), "555000000099")).toEqual([]);
      });

      it("stores every secret encrypted and bound to its mailbox", async () => {
        await upsertOrganisation(db(), { odsCode: "Y90099", name: "Test Org" });
        await upsertMailbox(db(), {
          mailboxId: "y90099ot",
          displayName: "Test box",
          odsCode: "Y90099",
          environment: "integration",
          meshUrl: "https://msg.intspineservices.nhs.uk",
          password: "pw",
          sharedKey: "sk",
          clientKey: "-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----",
          clientCert: "-----BEGIN CERTIFICATE-----\nY\n-----END CERTIFICATE-----",
        });
        expect(await findMailbox(db(), "Y90099OT")).toMatchObject({ organisationName: "Test Org", environment: "integration" });
        expect(await getMailboxCredentials(db(), "Y90099OT")).toMatchObject({
          password: "pw",
          sharedKey: "sk",
          clientKey: expect.stringContaining("PRIVATE KEY"),
          clientCert: expect.stringContaining("CERTIFICATE"),
          caCert: null,
        });
        expect(await getMailboxCredentials(db(), "NOPE")).toBeNull();
        await expect(getMailboxCredentials(db(), "Y90099OT", randomBytes(32))).rejects.toThrow(SecretDecryptError);

        // A ciphertext copied from another mailbox must not decrypt here.
        await db().execute(
          sql`update mailboxes set password_encrypted = (select password_encrypted from mailboxes where mailbox_id = 'Y90001OT') where mailbox_id = 'Y90099OT'`,
        );
        await expect(getMailboxCredentials(db(), "Y90099OT")).rejects.toThrow(SecretDecryptError);
      });
    });

    describe("sessions", () => {
      const person = DEMO_PEOPLE[0]!.userId;
      const t0 = new Date("2026-03-01T09:00:00Z");
      const later = (ms: number) => new Date(t0.getTime() + ms);

      it("stays valid while used and expires when idle", async () => {
        const session = await createSession(db(), { personId: person, absoluteMs: 12 * HOUR, now: t0 });
        expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const touched = await touchSession(db(), session.id, later(10 * MINUTE), 30 * MINUTE);
        expect(touched.status).toBe("valid");
        expect(touched.status === "valid" && touched.session.lastSeenAt).toEqual(later(10 * MINUTE));
        expect((await touchSession(db(), session.id, later(39 * MINUTE), 30 * MINUTE)).status).toBe("valid");
        expect(await touchSession(db(), session.id, later(70 * MINUTE), 30 * MINUTE)).toEqual({ status: "expired", reason: "idle" });
      });

      it("can check without counting as activity", async () => {
        const session = await createSession(db(), { personId: person, absoluteMs: 12 * HOUR, now: t0 });
        const checked = await touchSession(db(), session.id, later(20 * MINUTE), 30 * MINUTE, { touch: false });
        expect(checked.status === "valid" && checked.session.lastSeenAt).toEqual(t0);
        // Polling did not keep it alive: 31 minutes after the last real activity it is idle.
        expect(await touchSession(db(), session.id, later(31 * MINUTE), 30 * MINUTE, { touch: false })).toEqual({
          status: "expired",
          reason: "idle",
        });
        expect(await touchSession(db(), session.id, later(31 * MINUTE), 30 * MINUTE)).toEqual({ status: "expired", reason: "idle" });
      });

      it("expires at the absolute limit however busy", async () => {
        const session = await createSession(db(), { personId: person, absoluteMs: HOUR, now: t0 });
        for (let m = 20; m < 60; m += 20)
          expect((await touchSession(db(), session.id, later(m * MINUTE), 30 * MINUTE)).status).toBe("valid");
        expect(await touchSession(db(), session.id, later(HOUR), 30 * MINUTE)).toEqual({ status: "expired", reason: "absolute" });
      });

      it("revokes one session, by IdP sid, and all of a person's", async () => {
        const a = await createSession(db(), { personId: person, absoluteMs: HOUR, idpSid: "sid-1", now: t0 });
        const b = await createSession(db(), { personId: person, absoluteMs: HOUR, idpSid: "sid-1", now: t0 });
        const c = await createSession(db(), { personId: person, absoluteMs: HOUR, idpSid: "sid-2", now: t0 });
        const d = await createSession(db(), { personId: person, absoluteMs: HOUR, now: t0 });
        expect(await revokeSession(db(), d.id, later(MINUTE))).toBe(true);
        expect(await revokeSession(db(), d.id, later(MINUTE))).toBe(false);
        expect(await touchSession(db(), d.id, later(2 * MINUTE), 30 * MINUTE)).toEqual({ status: "revoked" });
        expect(await revokeByIdpSid(db(), "sid-1", later(MINUTE))).toBe(2);
        expect((await touchSession(db(), a.id, later(2 * MINUTE), 30 * MINUTE)).status).toBe("revoked");
        expect((await touchSession(db(), b.id, later(2 * MINUTE), 30 * MINUTE)).status).toBe("revoked");
        expect((await touchSession(db(), c.id, later(2 * MINUTE), 30 * MINUTE)).status).toBe("valid");
        expect(await revokeAllForPerson(db(), person, later(3 * MINUTE))).toBeGreaterThanOrEqual(1);
        expect((await touchSession(db(), c.id, later(4 * MINUTE), 30 * MINUTE)).status).toBe("revoked");
        expect(await touchSession(db(), "no-such-session", t0, 30 * MINUTE)).toEqual({ status: "unknown" });
      });

      it("deletes ended sessions but keeps live ones", async () => {
        const live = await createSession(db(), { personId: person, absoluteMs: 1000 * HOUR, now: t0 });
        expect(await deleteEndedSessions(db(), later(24 * HOUR))).toBeGreaterThan(0);
        expect((await touchSession(db(), live.id, later(MINUTE), 30 * MINUTE)).status).toBe("valid");
      });
    });

    describe("audit log", () => {
      it("records entries and lists them newest first", async () => {
        await recordAudit(db(), {
          action: "message.download",
          actor: "555000000002",
          mailboxId: "Y90001OT",
          messageId: "M1",
          ip: "10.0.0.1",
        });
        await recordAudit(db(), {
          action: "grant.add",
          actor: "555000000001",
          mailboxId: "Y90001OT",
          detail: { personId: "555000000002", role: "member" },
        });
        await recordAudit(db(), { action: "sign-in", actor: "555000000003" });
        const forMailbox = await listAudit(db(), { mailboxId: "Y90001OT" });
        expect(forMailbox.map((e) => e.action)).toEqual(["grant.add", "message.download"]);
        expect(forMailbox[0]?.detail).toEqual({ personId: "555000000002", role: "member" });
        expect(forMailbox[1]).toMatchObject({ ip: "10.0.0.1", messageId: "M1", detail: {} });
        expect(await listAudit(db(), { actor: "555000000003" })).toHaveLength(1);
      });

      it("refuses UPDATE, DELETE and TRUNCATE", async () => {
        await recordAudit(db(), { action: "probe" });
        for (const statement of [sql`update audit_log set action = 'rewritten'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
          // Drizzle wraps the driver's error; the database's own message is the cause.
          const error = await db()
            .execute(statement)
            .then(
              () => null,
              (e: unknown) => e as Error & { cause?: Error },
            );
          expect(error?.cause?.message).toMatch(/audit_log is append-only/);
        }
        expect((await listAudit(db(), { action: "probe" })).length).toBe(1);
      });
    });
  },
  { seed: true },
);

// Two pools on one PostgreSQL database stand for two web processes sharing it.
describe.skipIf(!process.env.TEST_DATABASE_URL)("two processes sharing PostgreSQL", () => {
  it("see each other's grants and session revocations", async () => {
    const throwaway = await createThrowawayPostgres(process.env.TEST_DATABASE_URL!);
    // Opened at the same time: the advisory lock must serialise the two migration runs.
    const openSeeded = async () => {
      const opened = await openDb(throwaway.url);
      await seedDemoDataIfEmpty(opened.db);
      return opened;
    };
    const [a, b] = await Promise.all([openSeeded(), openSeeded()]);
    try {
      const tom = DEMO_PEOPLE.find((p) => p.username === "tom.baker")!.userId;
      expect(await findGrant(b.db, tom, "Y90002OT")).toBeNull();
      await setGrant(a.db, { personId: tom, mailboxId: "Y90002OT", role: "member", grantedBy: "555000000004" });
      expect(await findGrant(b.db, tom, "Y90002OT")).toMatchObject({ role: "member" });
      await removeGrant(b.db, tom, "Y90002OT");
      expect(await findGrant(a.db, tom, "Y90002OT")).toBeNull();

      const now = new Date();
      const session = await createSession(a.db, { personId: tom, absoluteMs: HOUR, idpSid: "shared-sid", now });
      expect((await touchSession(b.db, session.id, now, 30 * MINUTE)).status).toBe("valid");
      expect(await revokeByIdpSid(b.db, "shared-sid", now)).toBe(1);
      expect(await touchSession(a.db, session.id, new Date(now.getTime() + 1000), 30 * MINUTE)).toEqual({ status: "revoked" });

      const orgs = await rows<{ n: number }>(a.db, sql`select count(*)::int as n from organisations`);
      expect(orgs[0]?.n).toBe(DEMO_ORGANISATIONS.length);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await throwaway.drop();
    }
  });
});

describe("openDb", () => {
  it("refuses URLs it cannot open, before touching anything", async () => {
    await expect(openDb("mysql://localhost/app")).rejects.toThrow(/must start with postgres:\/\/, postgresql:\/\/ or pglite:\/\//);
    await expect(openDb("pglite://")).rejects.toThrow(/names no directory/);
  });
});
