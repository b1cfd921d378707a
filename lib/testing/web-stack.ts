// Test-only: the built web app against a fake CIS2 issuer and a throwaway app database.
import { startFakeIssuer, type FakeIssuer, type FakeIssuerOptions } from "@/services/identity/testing/fake-issuer";
import { startWebApp, type WebApp } from "./web-app";
import { throwawayWebDatabase, type WebDatabase } from "./web-database";

export type SignInStack = { fake: FakeIssuer; database: WebDatabase; app: WebApp; stop(): Promise<void> };

/**
 * Starts a fake issuer (with `issuer` options, e.g. the claims it signs) and a throwaway database, then the
 * built web app pointed at both; `env` adds settings such as `MESH_URL`. `stop()` ends all three.
 */
export async function startSignInStack({
  issuer,
  env,
}: { issuer?: FakeIssuerOptions; env?: Record<string, string> } = {}): Promise<SignInStack> {
  const [fake, database] = await Promise.all([startFakeIssuer(issuer), throwawayWebDatabase()]);
  const stopRest = async () => {
    await fake.close();
    await database.drop();
  };
  const app = await startWebApp({ env: { OIDC_ISSUER: fake.issuer, DATABASE_URL: database.url, ...env } }).catch(async (err: unknown) => {
    await stopRest();
    throw err;
  });
  return {
    fake,
    database,
    app,
    async stop() {
      await app.stop();
      await stopRest();
    },
  };
}
