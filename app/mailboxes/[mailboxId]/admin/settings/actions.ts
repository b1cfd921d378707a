"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { changeDisplayName, meshIsHttps, replaceCredentials, testConnection } from "@/lib/mailboxes/settings";
import { checkCredentials, checkDisplayName, credentialErrorQuery } from "@/lib/mailboxes/settings-answers";
import { routes } from "@/lib/routes";

// Each action takes the mailbox id the page bound and checks the admin grant on it again; nothing else
// in the form names a mailbox.

export async function changeDisplayNameAction(mailboxId: string, form: FormData): Promise<void> {
  const access = await requireMailboxAdmin(mailboxId);
  const id = access.mailbox.mailboxId;
  const raw = form.get("displayName");
  const checked = checkDisplayName(raw);
  if (!checked.ok)
    redirect(routes.adminSettings(id, { nameError: checked.error, name: typeof raw === "string" ? raw.slice(0, 200) : undefined }));
  await changeDisplayName(access, checked.name);
  // The name is in layouts the browser keeps between pages (the header, the mailbox caption): refresh them all.
  revalidatePath("/", "layout");
  redirect(routes.adminSettings(id, { done: "name" }));
}

export async function replaceCredentialsAction(mailboxId: string, form: FormData): Promise<void> {
  const access = await requireMailboxAdmin(mailboxId);
  const id = access.mailbox.mailboxId;
  const checked = checkCredentials(
    { password: form.get("password"), certificate: form.get("certificate"), key: form.get("key") },
    { httpsMesh: await meshIsHttps(access) },
  );
  // Only the error codes go back: a secret never travels in a URL.
  if (!checked.ok) redirect(routes.adminSettings(id, credentialErrorQuery(checked.errors)));
  await replaceCredentials(access, checked.answers);
  redirect(routes.adminSettings(id, { done: "credentials" }));
}

export async function testConnectionAction(mailboxId: string): Promise<void> {
  const access = await requireMailboxAdmin(mailboxId);
  await testConnection(access);
  // The outcome is shown from the audit log, so a crafted link cannot claim a test that did not happen.
  redirect(routes.adminSettings(access.mailbox.mailboxId, { done: "tested" }));
}
