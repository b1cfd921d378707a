import { readdir, readFile } from "node:fs/promises";
import { z } from "zod";
import { DEMO_MAILBOXES, DEMO_ORGANISATIONS, DEMO_SHARED_KEY, DEMO_WORKFLOWS } from "../../lib/demo/data";

export type Mailbox = {
  mailboxId: string;
  mailboxName: string;
  billingEntity: string;
  odsCode: string;
  orgCode: string;
  orgName: string;
  password: string;
  active: boolean;
  /** Workflows this mailbox may send and receive; undefined = any (mesh-sandbox behaviour). */
  workflows?: ReadonlySet<string>;
};

export type Workflow = { workflowId: string; senders: string[]; receivers: string[] };

export type CcRule = {
  kind: "cc";
  ccTo: string;
  ifSender?: string;
  ifRecipient?: string;
  workflowId?: string;
};
export type RedirectRule = { kind: "redirect"; redirectTo: string; ifRecipient: string };
export type DeliveryRule = CcRule | RedirectRule;

export type Directory = {
  mailboxes: Map<string, Mailbox>;
  workflows: Workflow[];
  rules: DeliveryRule[];
};

// mesh-sandbox mailboxes.jsonl line, plus an optional `workflows` list (our extension for codes 16/17).
const MailboxLine = z.object({
  mailbox_id: z.string().min(1),
  mailbox_name: z.string().optional(),
  billing_entity: z.string().nullish(),
  ods_code: z.string().nullish(),
  org_code: z.string().nullish(),
  org_name: z.string().nullish(),
  password: z.string().default("password"),
  active: z.boolean().default(true),
  workflows: z.array(z.string()).optional(),
});

const WorkflowLine = z.object({
  workflow_id: z.string().min(1),
  senders: z.array(z.string()).default([]),
  receivers: z.array(z.string()).default([]),
});

const RuleLine = z.union([
  z
    .object({
      cc_to_mailbox_id: z.string().min(1),
      cc_if_sender: z.string().min(1).optional(),
      cc_if_recipient: z.string().min(1).optional(),
      workflow_id: z.string().min(1).optional(),
    })
    .strict()
    .refine((r) => r.cc_if_sender || r.cc_if_recipient || r.workflow_id, {
      message: "a CC rule needs at least one of cc_if_sender, cc_if_recipient, workflow_id",
    }),
  z.object({ redirect_to_mailbox_id: z.string().min(1), redirect_if_recipient: z.string().min(1) }).strict(),
]);

/** JSON Lines, or (for convenience) a whole-file JSON array. Blank lines and `//` comment lines are skipped. */
function parseLines(text: string, file: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) return JSON.parse(trimmed) as unknown[];
  const out: unknown[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (!l || l.startsWith("//")) return;
    try {
      out.push(JSON.parse(l));
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
  });
  return out;
}

async function readEntries<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const items = parseLines(await readFile(file, "utf8"), file);
  return items.map((item, i) => {
    const r = schema.safeParse(item);
    if (!r.success) throw new Error(`${file}: entry ${i + 1}: ${r.error.issues.map((x) => x.message).join("; ")}`);
    return r.data;
  });
}

const up = (s: string) => s.trim().toUpperCase();

/** mesh-sandbox's own mailboxes (the test organisations) have no organisation name; Mailroom's demo ones do. */
function orgName(ods: string): string {
  const org = DEMO_ORGANISATIONS.find((o) => o.odsCode === ods);
  return org && org.kind !== "test" ? org.name : "";
}

export function defaultMailboxes(): Mailbox[] {
  return DEMO_MAILBOXES.map((m) => ({
    mailboxId: m.mailboxId,
    mailboxName: m.name,
    billingEntity: "England",
    odsCode: m.odsCode,
    orgCode: m.odsCode,
    orgName: orgName(m.odsCode),
    password: m.password,
    active: true,
    workflows: m.workflows ? new Set(m.workflows) : undefined,
  }));
}

export function defaultWorkflows(): Workflow[] {
  return DEMO_WORKFLOWS.map((w) => ({ workflowId: w.workflowId, senders: [...w.senders], receivers: [...w.receivers] }));
}

/**
 * mesh-sandbox's other way to create a mailbox (its file storage mode): every upper-case
 * sub-directory of the data root that is not a configured mailbox becomes one named `Unknown`, password
 * `password`. Other names (this server's own `pglite` and `messages` among them) are not mailboxes.
 */
async function folderMailboxes(dataDir: string, configured: Map<string, Mailbox>): Promise<Mailbox[]> {
  const entries = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && /^[A-Z0-9]+$/.test(e.name) && /[A-Z]/.test(e.name) && !configured.has(e.name))
    .map((e) => ({
      mailboxId: e.name,
      mailboxName: "Unknown",
      billingEntity: "",
      odsCode: "",
      orgCode: "",
      orgName: "",
      password: "password",
      active: true,
    }));
}

export async function loadDirectory(opts: {
  mailboxesFile?: string;
  workflowsFile?: string;
  rulesFile?: string;
  /** The data directory, whose upper-case sub-directories become mailboxes (see `folderMailboxes`). */
  dataDir?: string;
}): Promise<Directory> {
  const mailboxes = opts.mailboxesFile
    ? (await readEntries(opts.mailboxesFile, MailboxLine)).map<Mailbox>((m) => ({
        mailboxId: up(m.mailbox_id),
        mailboxName: m.mailbox_name ?? "",
        billingEntity: m.billing_entity ?? "",
        odsCode: m.ods_code ?? "",
        orgCode: m.org_code ?? "",
        orgName: m.org_name ?? "",
        password: m.password,
        active: m.active,
        workflows: m.workflows ? new Set(m.workflows.map((w) => w.trim())) : undefined,
      }))
    : defaultMailboxes();
  const workflows = opts.workflowsFile
    ? (await readEntries(opts.workflowsFile, WorkflowLine)).map((w) => ({
        workflowId: w.workflow_id.trim(),
        senders: w.senders.map(up),
        receivers: w.receivers.map(up),
      }))
    : defaultWorkflows();
  const rules = opts.rulesFile
    ? (await readEntries(opts.rulesFile, RuleLine)).map<DeliveryRule>((r) =>
        "redirect_to_mailbox_id" in r
          ? { kind: "redirect", redirectTo: up(r.redirect_to_mailbox_id), ifRecipient: up(r.redirect_if_recipient) }
          : {
              kind: "cc",
              ccTo: up(r.cc_to_mailbox_id),
              ifSender: r.cc_if_sender ? up(r.cc_if_sender) : undefined,
              ifRecipient: r.cc_if_recipient ? up(r.cc_if_recipient) : undefined,
              workflowId: r.workflow_id?.trim(),
            },
      )
    : [];
  const map = new Map(mailboxes.map((m) => [m.mailboxId, m]));
  if (opts.dataDir) for (const m of await folderMailboxes(opts.dataDir, map)) map.set(m.mailboxId, m);
  for (const r of rules) {
    const target = r.kind === "cc" ? r.ccTo : r.redirectTo;
    if (!map.has(target)) throw new Error(`rules file: target mailbox ${target} is not configured`);
  }
  return { mailboxes: map, workflows, rules };
}

/** Human-readable summary of the built-in demo mailboxes, for `npm start` to print. */
export function describeDemoMailboxes(baseUrl = "http://127.0.0.1:8700"): string {
  const lines = [`MESH mailbox server: ${baseUrl}  (shared key: ${DEMO_SHARED_KEY})`];
  for (const m of DEMO_MAILBOXES) {
    const wf = m.workflows ? `workflows: ${m.workflows.join(", ")}` : "any workflow";
    lines.push(`  ${m.mailboxId.padEnd(9)} ${m.name} [${m.odsCode}]  password: ${m.password}  (${wf})`);
  }
  return lines.join("\n");
}
