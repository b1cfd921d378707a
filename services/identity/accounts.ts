import { createHash, timingSafeEqual } from "node:crypto";
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_PEOPLE, type DemoPerson } from "@/lib/demo/data";

/**
 * Scopes the provider offers, as CIS2 names them. `selectedrole` is CIS2's scope for role selection; here it
 * only releases selected_roleid (the first role is always the selected one; there is no role picker).
 */
export const SCOPES = ["openid", "profile", "email", "nationalrbacaccess", "associatedorgs", "selectedrole"] as const;

/** Which claims each scope releases. The `openid` ones are always present. */
export const SCOPE_CLAIMS = {
  openid: ["sub", "acr", "amr", "id_assurance_level", "authentication_assurance_level"],
  profile: ["name", "given_name", "family_name", "uid", "nhsid_useruid"],
  email: ["email"],
  nationalrbacaccess: ["nhsid_nrbac_roles", "selected_roleid"],
  associatedorgs: ["nhsid_user_orgs"],
  selectedrole: ["selected_roleid"],
} as const satisfies Record<(typeof SCOPES)[number], readonly string[]>;

export const ALL_CLAIMS: readonly string[] = [...new Set(Object.values(SCOPE_CLAIMS).flat())];

/** CIS2's authentication context class for each authentication assurance level. */
export const ACR_BY_ASSURANCE = { "3": "AAL3_ANY", "2": "AAL2_ANY", "1": "AAL1_USERPASS" } as const;
/** Authentication methods: smartcard at level 3, one-time code at 2, password at 1. */
export const AMR_BY_ASSURANCE = { "3": ["SCAL"], "2": ["OTP"], "1": ["PWD"] } as const;

export type NrbacRole = {
  person_orgid: string;
  person_roleid: string;
  org_code: string;
  role_code: string;
  role_name: string;
  activity_codes: string[];
};

export type Cis2Claims = {
  sub: string;
  name: string;
  given_name: string;
  family_name: string;
  email: string;
  uid: string;
  nhsid_useruid: string;
  acr: string;
  amr: string[];
  /** Everyone here was identity-checked by a registration authority, so this is always "3". */
  id_assurance_level: "3";
  authentication_assurance_level: DemoPerson["assurance"];
  selected_roleid?: string;
  nhsid_user_orgs: { org_code: string; org_name: string }[];
  nhsid_nrbac_roles: NrbacRole[];
};

/** A stable 12-digit id for a person's membership of an organisation (CIS2's person_orgid). */
export function personOrgId(userId: string, odsCode: string): string {
  const digest = createHash("sha256").update(`${userId}/${odsCode}`).digest();
  const n = digest.readBigUInt64BE(0) % 1_000_000_000_000n;
  return n.toString().padStart(12, "0");
}

export function organisationName(odsCode: string): string {
  return DEMO_ORGANISATIONS.find((o) => o.odsCode === odsCode)?.name ?? odsCode;
}

export function cis2Claims(person: DemoPerson): Cis2Claims {
  const orgCodes = [...new Set(person.roles.map((r) => r.odsCode))];
  const selected = person.roles[0];
  return {
    sub: person.userId,
    name: `${person.givenName} ${person.familyName}`,
    given_name: person.givenName,
    family_name: person.familyName,
    email: person.email,
    uid: person.userId,
    nhsid_useruid: person.userId,
    acr: ACR_BY_ASSURANCE[person.assurance],
    amr: [...AMR_BY_ASSURANCE[person.assurance]],
    id_assurance_level: "3",
    authentication_assurance_level: person.assurance,
    ...(selected ? { selected_roleid: selected.personRoleId } : {}),
    nhsid_user_orgs: orgCodes.map((code) => ({ org_code: code, org_name: organisationName(code) })),
    nhsid_nrbac_roles: person.roles.map((r) => ({
      person_orgid: personOrgId(person.userId, r.odsCode),
      person_roleid: r.personRoleId,
      org_code: r.odsCode,
      role_code: r.roleCode,
      role_name: r.roleName,
      activity_codes: [...r.activityCodes],
    })),
  };
}

export function displayName(person: DemoPerson): string {
  return `${person.givenName} ${person.familyName}`;
}

export function findPersonById(userId: string): DemoPerson | undefined {
  return DEMO_PEOPLE.find((p) => p.userId === userId);
}

export function findPersonByUsername(username: string): DemoPerson | undefined {
  const wanted = username.trim().toLowerCase();
  if (!wanted) return undefined;
  return DEMO_PEOPLE.find((p) => p.username === wanted || p.email.toLowerCase() === wanted);
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Username (or email) and password check. Every demo person shares DEMO_PASSWORD. */
export function checkCredentials(username: string, password: string): DemoPerson | undefined {
  const person = findPersonByUsername(username);
  const passwordOk = sameSecret(password, DEMO_PASSWORD);
  return person && passwordOk ? person : undefined;
}
