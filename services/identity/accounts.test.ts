import { describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_PASSWORD, DEMO_PEOPLE } from "@/lib/demo/data";
import { checkCredentials, cis2Claims, personOrgId } from "./accounts";

describe("CIS2 claims for the demo people", () => {
  it("gives every person a 12-digit sub equal to uid and nhsid_useruid", () => {
    for (const p of DEMO_PEOPLE) {
      const c = cis2Claims(p);
      expect(c.sub).toMatch(/^\d{12}$/);
      expect(c.uid).toBe(c.sub);
      expect(c.nhsid_useruid).toBe(c.sub);
    }
  });

  it("selects the first role, whose person_roleid equals selected_roleid", () => {
    for (const p of DEMO_PEOPLE) {
      const c = cis2Claims(p);
      if (p.roles.length === 0) {
        expect(c).not.toHaveProperty("selected_roleid");
        expect(c.nhsid_nrbac_roles).toEqual([]);
        continue;
      }
      expect(c.nhsid_nrbac_roles[0]?.person_roleid).toBe(c.selected_roleid);
    }
  });

  it("names only organisations the person has a role at, each with a mailbox in the demo data", () => {
    for (const p of DEMO_PEOPLE) {
      const c = cis2Claims(p);
      expect(c.nhsid_user_orgs.map((o) => o.org_code).sort()).toEqual([...new Set(p.roles.map((r) => r.odsCode))].sort());
      for (const org of c.nhsid_user_orgs) {
        expect(org.org_name).not.toBe(org.org_code);
        expect(DEMO_MAILBOXES.some((m) => m.odsCode === org.org_code)).toBe(true);
      }
    }
  });

  it("maps assurance to acr, amr and the string levels CIS2 sends", () => {
    const high = cis2Claims(DEMO_PEOPLE.find((p) => p.assurance === "3")!);
    expect(high).toMatchObject({ acr: "AAL3_ANY", amr: ["SCAL"], authentication_assurance_level: "3", id_assurance_level: "3" });
    const low = cis2Claims(DEMO_PEOPLE.find((p) => p.assurance === "1")!);
    expect(low).toMatchObject({ acr: "AAL1_USERPASS", amr: ["PWD"], authentication_assurance_level: "1" });
  });

  it("makes person_orgid a stable 12-digit id per person and organisation", () => {
    expect(personOrgId("555000000001", "Y90001")).toMatch(/^\d{12}$/);
    expect(personOrgId("555000000001", "Y90001")).toBe(personOrgId("555000000001", "Y90001"));
    expect(personOrgId("555000000001", "Y90001")).not.toBe(personOrgId("555000000002", "Y90001"));
  });
});

describe("checkCredentials", () => {
  it("accepts a username or email with the demo password", () => {
    expect(checkCredentials("priya.shah", DEMO_PASSWORD)?.userId).toBe("555000000001");
    expect(checkCredentials(" Priya.Shah@riverside.example.nhs.uk ", DEMO_PASSWORD)?.userId).toBe("555000000001");
  });

  it("refuses a wrong password, an unknown or empty username", () => {
    expect(checkCredentials("priya.shah", "wrong")).toBeUndefined();
    expect(checkCredentials("nobody", DEMO_PASSWORD)).toBeUndefined();
    expect(checkCredentials("", DEMO_PASSWORD)).toBeUndefined();
  });
});
