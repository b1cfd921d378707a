import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { DEMO_ORGANISATIONS } from "@/lib/demo/data";
import { countOrganisations } from "./queries/directory";
import { seedDemoDataIfAllowed } from "./seed";
import { describeEachDatabase } from "./test-databases";

const CREDENTIALS_KEY = randomBytes(32).toString("base64");

// One database per target, so the steps run in order: each must leave it empty until the last seeds it.
describeEachDatabase("the demo seed step", ({ db }) => {
  it("is not taken by opening the database", async () => {
    expect(await countOrganisations(db())).toBe(0);
  });

  it("is refused under NODE_ENV=production unless SEED_DEMO_DATA=true asks for it", async () => {
    expect(await seedDemoDataIfAllowed(db(), { NODE_ENV: "production", CREDENTIALS_KEY })).toBe("refused in production");
    expect(await seedDemoDataIfAllowed(db(), { NODE_ENV: "production", SEED_DEMO_DATA: "false", CREDENTIALS_KEY })).toBe("switched off");
    expect(await countOrganisations(db())).toBe(0);
  });

  it("is switched off by SEED_DEMO_DATA=false outside production", async () => {
    expect(await seedDemoDataIfAllowed(db(), { NODE_ENV: "development", SEED_DEMO_DATA: "false", CREDENTIALS_KEY })).toBe("switched off");
    expect(await countOrganisations(db())).toBe(0);
  });

  it("seeds in production when SEED_DEMO_DATA=true, and only an empty database", async () => {
    expect(await seedDemoDataIfAllowed(db(), { NODE_ENV: "production", SEED_DEMO_DATA: "true", CREDENTIALS_KEY })).toBe("seeded");
    expect(await countOrganisations(db())).toBe(DEMO_ORGANISATIONS.length);
    expect(await seedDemoDataIfAllowed(db(), { NODE_ENV: "development", CREDENTIALS_KEY })).toBe("not empty");
  });
});
