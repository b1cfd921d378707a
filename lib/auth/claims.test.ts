import { describe, expect, it } from "vitest";
import { decideSignIn } from "./claims";

const known = new Set(["Y90001", "R9X"]);
const policy = { minAssurance: 3, knownOrganisations: known };

const receptionist = {
  sub: "555000000002",
  name: "Tom Baker",
  email: "tom.baker@riverside.example.nhs.uk",
  id_assurance_level: "3",
  authentication_assurance_level: "3",
  selected_roleid: "900000000102",
  nhsid_user_orgs: [{ org_code: "Y90001", org_name: "Riverside Medical Practice" }],
  nhsid_nrbac_roles: [{ person_roleid: "900000000102", org_code: "Y90001", role_code: "R8001", role_name: "Admin" }],
};

describe("decideSignIn", () => {
  it("accepts a level 3 person whose selected role is at a known organisation", () => {
    expect(decideSignIn(receptionist, policy)).toMatchObject({
      ok: true,
      personId: "555000000002",
      orgCode: "Y90001",
      orgName: "Riverside Medical Practice",
    });
  });

  it("uses the selected role, not the first one, to choose the organisation", () => {
    const twoRoles = {
      ...receptionist,
      selected_roleid: "2",
      nhsid_nrbac_roles: [
        { person_roleid: "1", org_code: "Y90001" },
        { person_roleid: "2", org_code: "R9X" },
      ],
    };
    expect(decideSignIn(twoRoles, policy)).toMatchObject({ ok: true, orgCode: "R9X" });
  });

  it("keeps every organisation the sign-in carries a role at, each once", () => {
    const roles = {
      ...receptionist,
      selected_roleid: "1",
      nhsid_nrbac_roles: [
        { person_roleid: "1", org_code: "Y90001" },
        { person_roleid: "2", org_code: "r9x" },
        { person_roleid: "3", org_code: "Y90001" },
      ],
    };
    expect(decideSignIn(roles, policy)).toMatchObject({ ok: true, orgCodes: ["Y90001", "R9X"] });
  });

  it("refuses low authentication assurance, whatever the identity level", () => {
    expect(decideSignIn({ ...receptionist, authentication_assurance_level: "1" }, policy)).toMatchObject({
      ok: false,
      reason: "assurance",
    });
    expect(decideSignIn({ ...receptionist, authentication_assurance_level: "1" }, { ...policy, minAssurance: 1 })).toMatchObject({
      ok: true,
    });
  });

  it("refuses someone with no role, or a role at an organisation Mailroom does not know", () => {
    expect(decideSignIn({ ...receptionist, selected_roleid: undefined, nhsid_nrbac_roles: [] }, policy)).toMatchObject({
      ok: false,
      reason: "no-organisation",
    });
    expect(
      decideSignIn({ ...receptionist, nhsid_nrbac_roles: [{ person_roleid: "900000000102", org_code: "ZZZ" }] }, policy),
    ).toMatchObject({ ok: false, reason: "no-organisation" });
  });

  it("refuses a profile without a subject", () => {
    expect(decideSignIn({ name: "x" }, policy)).toMatchObject({ ok: false, reason: "bad-profile" });
  });
});
