import { Authenticator } from "./auth";
import { OffsetClock, systemClock, type Clock } from "./clock";
import type { MailboxConfig } from "./config";
import type { App } from "./context";
import { openDb } from "./db/open";
import { loadDirectory } from "./directory";
import { runSweep } from "./lifecycle";
import { ChunkStore } from "./storage";
import { MessageStore } from "./store";

export type OpenedApp = { app: App; dbKind: "pglite" | "postgres"; close(): Promise<void> };

/** Opens storage and the database (applying migrations), loads the directory and runs a first sweep. */
export async function openApp(config: MailboxConfig, clock?: Clock): Promise<OpenedApp> {
  const chunks = new ChunkStore(config.dataDir);
  await chunks.init();
  const database = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const store = new MessageStore(database.db);
  await store.loadStoredBytes();
  const directoryOpts = {
    mailboxesFile: config.mailboxesFile,
    workflowsFile: config.workflowsFile,
    rulesFile: config.rulesFile,
    dataDir: config.dataDir,
  };
  let sweeping: Promise<{ expired: number; deleted: number }> | null = null;
  const app: App = {
    config,
    clock: clock ?? (config.testClock ? new OffsetClock() : systemClock),
    directory: await loadDirectory(directoryOpts),
    store,
    chunks,
    auth: undefined as unknown as Authenticator,
    uploading: new Set(),
    async reloadDirectory() {
      app.directory = await loadDirectory(directoryOpts);
    },
    sweep() {
      // Overlapping sweeps would only race each other; callers share the running one, then start afresh.
      const next = (sweeping ?? Promise.resolve()).catch(() => undefined).then(() => runSweep(app));
      sweeping = next.finally(() => {
        if (sweeping === next) sweeping = null;
      });
      return next;
    },
  };
  app.auth = new Authenticator(
    {
      sharedKey: config.sharedKey,
      mode: config.authMode,
      singleUseTokens: config.singleUseTokens,
      windowMinutes: config.tokenWindowMinutes,
    },
    (id) => app.directory.mailboxes.get(id),
  );
  // Nothing is uploading yet, so any chunk file without a row is debris from a crash.
  await chunks.sweepOrphans((ids) => store.liveStorageIds(ids));
  await app.sweep();
  return {
    app,
    dbKind: database.kind,
    async close() {
      await sweeping?.catch(() => undefined);
      await chunks.close();
      await database.close();
    },
  };
}
