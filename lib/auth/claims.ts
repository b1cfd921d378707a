import { z } from "zod";

/** The CIS2 claims Mailroom reads from the ID token (others are ignored). */
export const cis2ProfileSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  sid: z.string().optional(),
  id_assurance_level: z.coerce.string().optional(),
  authentication_assurance_level: z.coerce.string().optional(),
  selected_roleid: z.string().optional(),
  nhsid_user_orgs: z
    .array(z.object({ org_code: z.string(), org_name: z.string() }))
    .optional()
    .default([]),
  nhsid_nrbac_roles: z
    .array(
      z.object({
        person_roleid: z.string(),
        org_code: z.string(),
        role_code: z.string().optional(),
        role_name: z.string().optional(),
      }),
    )
    .optional()
    .default([]),
});

export type Cis2Profile = z.infer<typeof cis2ProfileSchema>;

export type SignInRefusal = "assurance" | "no-organisation" | "bad-profile";

export type SignInDecision =
  | {
      ok: true;
      personId: string;
      name: string;
      email: string | null;
      orgCode: string;
      orgName: string;
      roleName: string | null;
      /** Every organisation where this sign-in carries a role: the only ones whose mailboxes it may use. */
      orgCodes: string[];
    }
  | { ok: false; reason: SignInRefusal; personId?: string; detail: string };

/** The role a person acts in: the one CIS2 says they selected, or their only role. */
export function selectedRole(profile: Pick<Cis2Profile, "selected_roleid" | "nhsid_nrbac_roles">) {
  const roles = profile.nhsid_nrbac_roles;
  return roles.find((role) => role.person_roleid === profile.selected_roleid) ?? (roles.length === 1 ? roles[0] : undefined);
}

/** The ODS codes of the organisations at which the person holds a role, upper-case, each once. */
export function roleOrgCodes(profile: Pick<Cis2Profile, "nhsid_nrbac_roles">): string[] {
  return [...new Set(profile.nhsid_nrbac_roles.map((role) => role.org_code.trim().toUpperCase()).filter(Boolean))];
}

function level(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) ? n : 0;
}

/**
 * Decides whether a CIS2 identity may use Mailroom: both assurance levels at least the minimum, and
 * a selected role at an organisation Mailroom knows. The selected role decides the organisation a
 * person acts for; without a selected role, the only role they have does.
 */
export function decideSignIn(
  rawProfile: unknown,
  policy: { minAssurance: number; knownOrganisations: ReadonlySet<string> },
): SignInDecision {
  const parsed = cis2ProfileSchema.safeParse(rawProfile);
  if (!parsed.success) return { ok: false, reason: "bad-profile", detail: "The identity provider sent an unreadable profile" };
  const profile = parsed.data;
  const assurance = Math.min(level(profile.id_assurance_level), level(profile.authentication_assurance_level));
  if (assurance < policy.minAssurance) {
    return {
      ok: false,
      reason: "assurance",
      personId: profile.sub,
      detail: `Assurance level ${assurance} is below the required ${policy.minAssurance}`,
    };
  }
  const selected = selectedRole(profile);
  if (!selected || !policy.knownOrganisations.has(selected.org_code)) {
    return {
      ok: false,
      reason: "no-organisation",
      personId: profile.sub,
      detail: selected ? `Organisation ${selected.org_code} is not set up in Mailroom` : "No selected role",
    };
  }
  const name = profile.name ?? ([profile.given_name, profile.family_name].filter(Boolean).join(" ") || profile.sub);
  const orgName = profile.nhsid_user_orgs.find((org) => org.org_code === selected.org_code)?.org_name ?? selected.org_code;
  return {
    ok: true,
    personId: profile.sub,
    name,
    email: profile.email ?? null,
    orgCode: selected.org_code,
    orgName,
    roleName: selected.role_name ?? null,
    orgCodes: roleOrgCodes(profile),
  };
}
