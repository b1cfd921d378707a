import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { audit } from "@/lib/audit";
import { checkMailboxApi, requireMailbox, type ApiAccess, type MailboxAccess } from "./access";

/** A checked admin grant: what every admin page, route handler and action takes. */
export type AdminAccess = MailboxAccess & { role: "admin" };

function asAdmin(access: MailboxAccess): AdminAccess | null {
  return access.role === "admin" ? (access as AdminAccess) : null;
}

async function auditRefusal(access: MailboxAccess): Promise<void> {
  await audit({
    action: "admin-access-refused",
    actor: access.user.id,
    mailboxId: access.mailbox.mailboxId,
    detail: { role: access.role },
  });
}

/**
 * The gate for admin pages and actions: the mailbox gate first (sign in, grant, role at the
 * organisation), then the admin role. A member gets the ordinary 404, as for a page that does not exist.
 */
export const requireMailboxAdmin = cache(async (mailboxId: string): Promise<AdminAccess> => {
  const access = await requireMailbox(mailboxId);
  const admin = asAdmin(access);
  if (!admin) {
    await auditRefusal(access);
    notFound();
  }
  return admin;
});

export type AdminApiAccess = { ok: true; access: AdminAccess } | { ok: false; response: Response };

/** The same for route handlers: 401 signed out, 404 without an admin grant. */
export async function checkMailboxAdminApi(mailboxId: string): Promise<AdminApiAccess> {
  const checked: ApiAccess = await checkMailboxApi(mailboxId);
  if (!checked.ok) return checked;
  const admin = asAdmin(checked.access);
  if (admin) return { ok: true, access: admin };
  await auditRefusal(checked.access);
  return { ok: false, response: Response.json({ error: "Page not found" }, { status: 404, headers: { "Cache-Control": "no-store" } }) };
}
