import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createMeshClient, type MeshClient } from "./client";
import { MESH_ENVIRONMENTS, isMeshEnvironmentName } from "./environments";
import { MeshError } from "./errors";

export const CLI_HELP = `Usage: npm run mesh -- <command> [arguments] [options]

Work with any MESH server by hand: the local mailbox server, mesh-sandbox, or NHS MESH.

Commands
  handshake                  check the mailbox and credentials
  send FILE                  send a file (needs --to and --workflow)
  inbox                      list message ids waiting in the inbox
  count                      number of messages waiting in the inbox
  headers ID                 show a message's metadata without downloading it
  download ID                download a message (to --out FILE, or to standard output)
  ack ID                     acknowledge a message (removes it from the inbox)
  track ID                   show the delivery status of a message you sent
  lookup ODS WORKFLOW        find the mailboxes of organisation ODS that receive WORKFLOW
  search WORKFLOW            find every mailbox that receives WORKFLOW

Connection (flags win over environment variables)
  --env NAME                 ${Object.keys(MESH_ENVIRONMENTS).join(", ")}
  --url URL                  MESH_URL           (default ${MESH_ENVIRONMENTS.local.url})
  --mailbox ID               MESH_MAILBOX_ID    (local default X26ABC1)
  --password TEXT            MESH_PASSWORD      (local default "password")
  --shared-key TEXT          MESH_SHARED_KEY    (local default "TestKey")
  --cert FILE                MESH_CLIENT_CERT   client certificate (PEM) for mutual TLS
  --key FILE                 MESH_CLIENT_KEY    client private key (PEM)
  --ca FILE                  MESH_CA_CERT       CA bundle that signed the server's certificate
  --timeout SECONDS          inactivity timeout per request (default 120)

send
  --to MAILBOX               recipient mailbox id
  --workflow ID              workflow id
  --subject TEXT, --local-id TEXT, --content-type TYPE, --checksum TEXT
  --chunk-size SIZE          bytes per chunk, e.g. 20MiB or 5000000 (default 20MiB, at most 100MB)
  --gzip                     compress each chunk on the wire

inbox:    --filter PATTERN   workflow filter: WF, !WF, WF*, !WF*, *PART*, !*PART*
download: --out FILE         write to FILE instead of standard output
track:    --v1               show the older v1 tracking record

Credentials are defaulted only for a local server (localhost or 127.0.0.1).`;

export type CliIo = {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  signal?: AbortSignal;
};

/** MESH_* settings; normally `process.env`. */
export type CliEnv = Record<string, string | undefined>;

class UsageError extends Error {}

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  env: { type: "string" },
  url: { type: "string" },
  mailbox: { type: "string" },
  password: { type: "string" },
  "shared-key": { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  ca: { type: "string" },
  timeout: { type: "string" },
  to: { type: "string" },
  workflow: { type: "string" },
  subject: { type: "string" },
  "local-id": { type: "string" },
  "content-type": { type: "string" },
  checksum: { type: "string" },
  "chunk-size": { type: "string" },
  gzip: { type: "boolean" },
  filter: { type: "string" },
  out: { type: "string", short: "o" },
  v1: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/** Parses sizes such as `5000000`, `20MiB`, `5MB`, `512KiB`. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(text);
  if (!match) throw new UsageError(`"${text}" is not a size (try 20MiB or 5000000)`);
  const units: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
  return Math.round(Number(match[1]) * (units[(match[2] ?? "b").toLowerCase()] ?? 1));
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** Builds client options from flags, then environment variables, then presets and local defaults. */
export function connectionFrom(values: Values, env: CliEnv) {
  const envName = values.env ?? env.MESH_ENV;
  if (envName !== undefined && !isMeshEnvironmentName(envName)) {
    throw new UsageError(`unknown environment "${envName}"; choose one of ${Object.keys(MESH_ENVIRONMENTS).join(", ")}`);
  }
  const baseUrl = values.url ?? env.MESH_URL ?? MESH_ENVIRONMENTS[envName ?? "local"].url;
  try {
    new URL(baseUrl);
  } catch {
    throw new UsageError(`"${baseUrl}" is not a URL`);
  }
  const local = isLocal(baseUrl);
  const pick = (flag: string | undefined, name: string, localDefault: string) => {
    const value = flag ?? env[name] ?? (local ? localDefault : undefined);
    if (!value) throw new UsageError(`${name} (or its flag) is required for ${baseUrl}`);
    return value;
  };
  const cert = values.cert ?? env.MESH_CLIENT_CERT;
  const key = values.key ?? env.MESH_CLIENT_KEY;
  const ca = values.ca ?? env.MESH_CA_CERT;
  if (Boolean(cert) !== Boolean(key)) throw new UsageError("a client certificate and its key must be given together");
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError("--timeout must be a positive number of seconds");
  return {
    baseUrl,
    mailboxId: pick(values.mailbox, "MESH_MAILBOX_ID", "X26ABC1"),
    password: pick(values.password, "MESH_PASSWORD", "password"),
    sharedKey: pick(values["shared-key"], "MESH_SHARED_KEY", "TestKey"),
    tls: cert || ca ? { cert, key, ca } : undefined,
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
  };
}

function positional(args: string[], count: number, usage: string): string[] {
  if (args.length !== count) throw new UsageError(`usage: npm run mesh -- ${usage}`);
  return args;
}

function printRecord(out: Writable, record: object): void {
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    out.write(`${name.padEnd(20)} ${value instanceof Date ? value.toISOString() : String(value)}\n`);
  }
}

async function runCommand(mesh: MeshClient, command: string, args: string[], values: Values, io: CliIo): Promise<void> {
  const { stdout, stderr, signal } = io;
  switch (command) {
    case "handshake": {
      positional(args, 0, "handshake");
      await mesh.handshake({ signal });
      stdout.write(`Handshake succeeded for mailbox ${mesh.mailboxId}.\n`);
      return;
    }
    case "send": {
      const [file] = positional(args, 1, "send FILE --to MAILBOX --workflow ID");
      if (!values.to || !values.workflow) throw new UsageError("send needs --to MAILBOX and --workflow ID");
      const info = await stat(file ?? "").catch(() => undefined);
      if (!info?.isFile()) throw new UsageError(`cannot read the file ${file}`);
      const size = info.size;
      let lastShown = -1;
      const progress = (sent: number) => {
        const percent = size === 0 ? 100 : Math.floor((sent / size) * 100);
        if (!stderr.isTTY || percent === lastShown) return;
        lastShown = percent;
        stderr.write(`\rSending ${formatBytes(sent)} of ${formatBytes(size)} (${percent}%)`);
      };
      const result = await mesh.send(
        createReadStream(file ?? ""),
        {
          to: values.to,
          workflowId: values.workflow,
          subject: values.subject,
          localId: values["local-id"],
          contentType: values["content-type"],
          checksum: values.checksum,
          fileName: path.basename(file ?? ""),
        },
        {
          size,
          compress: values.gzip ?? false,
          chunkSize: values["chunk-size"] === undefined ? undefined : parseSize(values["chunk-size"]),
          onProgress: progress,
          signal,
        },
      );
      if (stderr.isTTY && lastShown >= 0) stderr.write("\n");
      stdout.write(`${result.messageId}\n`);
      stderr.write(`Sent ${formatBytes(result.bytes)} in ${result.chunkCount} chunk(s) as message ${result.messageId}.\n`);
      return;
    }
    case "inbox": {
      positional(args, 0, "inbox [--filter PATTERN]");
      const ids = await mesh.listInbox({ workflowFilter: values.filter, signal });
      for (const id of ids) stdout.write(`${id}\n`);
      if (stderr.isTTY) stderr.write(`${ids.length} message(s) waiting.\n`);
      return;
    }
    case "count": {
      positional(args, 0, "count");
      stdout.write(`${await mesh.inboxCount({ signal })}\n`);
      return;
    }
    case "headers": {
      const [id] = positional(args, 1, "headers ID");
      printRecord(stdout, await mesh.messageHeaders(id ?? "", { signal }));
      return;
    }
    case "download": {
      const [id] = positional(args, 1, "download ID [--out FILE]");
      if (!values.out && stdout.isTTY) throw new UsageError("give --out FILE, or redirect standard output to a file");
      const download = await mesh.download(id ?? "", { signal });
      const target = values.out ? createWriteStream(values.out) : stdout;
      try {
        await pipeline(download.body, target, { end: Boolean(values.out) });
      } catch (error) {
        // A half-written file would look like a good download.
        if (values.out) await rm(values.out, { force: true });
        throw error;
      }
      const h = download.headers;
      stderr.write(
        `Downloaded message ${h.messageId} (${h.messageType}, ${h.chunkCount} chunk(s), workflow ${h.workflowId ?? "-"}, from ${h.from ?? "-"}, file ${h.fileName ?? "-"}).\n`,
      );
      return;
    }
    case "ack": {
      const [id] = positional(args, 1, "ack ID");
      await mesh.acknowledge(id ?? "", { signal });
      stdout.write(`Acknowledged message ${id}.\n`);
      return;
    }
    case "track": {
      const [id] = positional(args, 1, "track ID [--v1]");
      printRecord(stdout, values.v1 ? await mesh.trackV1(id ?? "", { signal }) : await mesh.track(id ?? "", { signal }));
      return;
    }
    case "lookup": {
      const [ods, workflow] = positional(args, 2, "lookup ODS WORKFLOW");
      const results = await mesh.lookupEndpoint(ods ?? "", workflow ?? "", { signal });
      for (const r of results) stdout.write(`${r.mailboxId}\t${r.mailboxName ?? ""}\n`);
      if (results.length === 0) stderr.write(`No mailbox of ${ods} receives ${workflow}.\n`);
      return;
    }
    case "search": {
      const [workflow] = positional(args, 1, "search WORKFLOW");
      const results = await mesh.searchWorkflow(workflow ?? "", { signal });
      for (const r of results) stdout.write(`${r.mailboxId}\t${r.mailboxName ?? ""}\n`);
      if (results.length === 0) stderr.write(`No mailbox receives ${workflow}.\n`);
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"; see --help`);
  }
}

/** Runs one CLI invocation and returns the exit code: 0 done, 1 MESH or file error, 2 usage error. */
export async function runMeshCli(argv: string[], env: CliEnv, io: CliIo): Promise<number> {
  let mesh: MeshClient | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...args] = positionals;
    if (values.help || !command) {
      io.stdout.write(`${CLI_HELP}\n`);
      return values.help ? 0 : 2;
    }
    mesh = createMeshClient(connectionFrom(values, env));
    await runCommand(mesh, command, args, values, io);
    return 0;
  } catch (error) {
    if (io.stderr.isTTY) io.stderr.write("\n");
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr.write(`mesh: ${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof MeshError) {
      const facts = [
        `kind ${error.kind}`,
        error.status && `HTTP ${error.status}`,
        error.code && `MESH code ${error.code}`,
        error.event && `event ${error.event}`,
      ];
      io.stderr.write(`mesh: ${error.message}\n      (${facts.filter(Boolean).join(", ")})\n`);
      return 1;
    }
    io.stderr.write(`mesh: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  } finally {
    mesh?.close();
  }
}
