// The lint rule that keeps pages behind lib/mailboxes: a page importing the database or MESH fails `npm run lint`.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "@/lib/testing/web-app";

const eslint = new ESLint({ cwd: REPO_ROOT });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message.split("'")[1] ?? "");
}

describe("the one door from pages to data", () => {
  it("refuses lib/db and lib/mesh in app/ and components/, except MESH's error type", async () => {
    const source = [
      'import { getDb } from "@/lib/db";',
      'import { listInbox } from "@/lib/db/queries/inbox";',
      'import { createMeshClient } from "@/lib/mesh";',
      'import { isMeshError } from "@/lib/mesh/errors";',
      'import { listInboxPage } from "@/lib/mailboxes/inbox";',
      "export const used = [getDb, listInbox, createMeshClient, isMeshError, listInboxPage];",
    ].join("\n");
    for (const file of ["app/mailboxes/probe.ts", "components/nhs/probe.ts"]) {
      expect(await restrictedImports(file, source)).toEqual(["@/lib/db", "@/lib/db/queries/inbox", "@/lib/mesh"]);
    }
    expect(await restrictedImports("lib/mailboxes/probe.ts", source)).toEqual([]);
  });
});
