import { loadConfig } from "./config";
import { createIdentityServer } from "./server";
import { errorFields } from "../../lib/logging/logger";
import { log } from "./log";

async function main() {
  const config = loadConfig();
  const idp = createIdentityServer(config);
  try {
    const { issuer } = await idp.listen();
    // Parent processes (npm start, tests) wait for this exact plain line, so it is not a JSON log line.
    process.stdout.write(`identity provider listening on ${issuer}\n`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      log.fatal(
        { host: config.host, port: config.port },
        `${config.host}:${config.port} is already in use. Stop the other process or set IDENTITY_PORT (and IDENTITY_ISSUER if you set it).`,
      );
      process.exit(1);
    }
    throw err;
  }
  const stop = () => {
    idp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  log.fatal(errorFields(err), "the identity provider could not start");
  process.exit(1);
});
