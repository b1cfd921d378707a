import { loadConfig } from "./config";
import { createIdentityServer } from "./server";

async function main() {
  const config = loadConfig();
  const idp = createIdentityServer(config);
  try {
    const { issuer } = await idp.listen();
    console.log(`identity provider listening on ${issuer}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error(
        `identity provider: ${config.host}:${config.port} is already in use. ` +
          "Stop the other process or set IDENTITY_PORT (and IDENTITY_ISSUER if you set it).",
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
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
