/**
 * Demo organisations, mailboxes and people shared by the embedded mailbox server, the local
 * identity provider and the app's first-start seed, so the three processes agree on who is who.
 * Everything here is fictional. The ODS codes use ranges that are not issued to real organisations.
 */

export type DemoOrganisation = { odsCode: string; name: string; kind: "gp-practice" | "trust" | "test" };

export type DemoMailbox = {
  mailboxId: string;
  name: string;
  odsCode: string;
  password: string;
  /** Workflows this mailbox may send and receive. Absent: any workflow (mesh-sandbox behaviour). */
  workflows?: readonly string[];
};

export type DemoWorkflow = { workflowId: string; senders: readonly string[]; receivers: readonly string[] };

export type DemoRole = {
  personRoleId: string;
  odsCode: string;
  roleCode: string;
  roleName: string;
  activityCodes: readonly string[];
};

export type DemoPerson = {
  userId: string; // CIS2 UUID: 12 digits
  username: string;
  givenName: string;
  familyName: string;
  email: string;
  description: string;
  /** Authentication assurance level as CIS2 sends it ("1", "2" or "3"). */
  assurance: "1" | "2" | "3";
  roles: readonly DemoRole[];
  /** Mailroom grants seeded on first start. */
  grants: readonly { mailboxId: string; role: "member" | "admin" }[];
};

export const DEMO_SHARED_KEY = "TestKey";
export const DEMO_PASSWORD = "demo-password";

/** Mailroom's own workflow for ad hoc file transfers between organisations. */
export const AD_HOC_WORKFLOW = "MAILROOM_FILE";
export const DEMO_WORKFLOW_IDS = [
  AD_HOC_WORKFLOW,
  "TOC_FHIR_IP_DISCH",
  "TOC_FHIR_IP_DISCH_ACK",
  "PATH_MEDRPT_V3",
  "PATH_MEDRPT_V3_ACK",
] as const;

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { odsCode: "X26", name: "MESH sandbox test organisation", kind: "test" },
  { odsCode: "X27", name: "MESH sandbox second test organisation", kind: "test" },
  { odsCode: "Y90001", name: "Riverside Medical Practice", kind: "gp-practice" },
  { odsCode: "Y90002", name: "Hillside Surgery", kind: "gp-practice" },
  { odsCode: "R9X", name: "Northgate Hospitals NHS Trust", kind: "trust" },
];

/** The mesh-sandbox defaults (same ids, passwords and ODS codes) followed by Mailroom's demo mailboxes. */
export const DEMO_MAILBOXES: readonly DemoMailbox[] = [
  { mailboxId: "X26ABC1", name: "TESTMB1", odsCode: "X26", password: "password" },
  { mailboxId: "X26ABC2", name: "TESTMB2", odsCode: "X26", password: "password" },
  { mailboxId: "X26ABC3", name: "TESTMB3", odsCode: "X27", password: "password" },
  {
    mailboxId: "Y90001OT",
    name: "Riverside Medical Practice",
    odsCode: "Y90001",
    password: "riverside-mesh-pw",
    workflows: DEMO_WORKFLOW_IDS,
  },
  {
    mailboxId: "Y90002OT",
    name: "Hillside Surgery",
    odsCode: "Y90002",
    password: "hillside-mesh-pw",
    workflows: DEMO_WORKFLOW_IDS,
  },
  {
    mailboxId: "R9XRECS1",
    name: "Northgate Hospitals – Medical Records",
    odsCode: "R9X",
    password: "northgate-records-pw",
    workflows: DEMO_WORKFLOW_IDS,
  },
  {
    mailboxId: "R9XPATH1",
    name: "Northgate Hospitals – Pathology",
    odsCode: "R9X",
    password: "northgate-pathology-pw",
    workflows: DEMO_WORKFLOW_IDS,
  },
];

const DEMO_SENDERS_AND_RECEIVERS = ["Y90001OT", "Y90002OT", "R9XRECS1", "R9XPATH1"];

export const DEMO_WORKFLOWS: readonly DemoWorkflow[] = [
  // The mesh-sandbox defaults.
  { workflowId: "TEST_WORKFLOW", senders: ["X26ABC1"], receivers: ["X26ABC2"] },
  { workflowId: "TEST_WORKFLOW_ACK", senders: ["X26ABC2"], receivers: ["X26ABC1", "X26ABC3"] },
  { workflowId: "TEST_WORKFLOW2", senders: ["X26ABC1"], receivers: ["X26ABC1", "X26ABC2", "X26ABC3"] },
  // Mailroom's demo flows.
  { workflowId: AD_HOC_WORKFLOW, senders: DEMO_SENDERS_AND_RECEIVERS, receivers: DEMO_SENDERS_AND_RECEIVERS },
  { workflowId: "TOC_FHIR_IP_DISCH", senders: ["R9XRECS1"], receivers: ["Y90001OT", "Y90002OT"] },
  { workflowId: "TOC_FHIR_IP_DISCH_ACK", senders: ["Y90001OT", "Y90002OT"], receivers: ["R9XRECS1"] },
  { workflowId: "PATH_MEDRPT_V3", senders: ["R9XPATH1"], receivers: ["Y90001OT", "Y90002OT"] },
  { workflowId: "PATH_MEDRPT_V3_ACK", senders: ["Y90001OT", "Y90002OT"], receivers: ["R9XPATH1"] },
];

const role = (personRoleId: string, odsCode: string, roleCode: string, roleName: string): DemoRole => ({
  personRoleId,
  odsCode,
  roleCode,
  roleName,
  activityCodes: ["B0360", "B0570"],
});

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    userId: "555000000001",
    username: "priya.shah",
    givenName: "Priya",
    familyName: "Shah",
    email: "priya.shah@riverside.example.nhs.uk",
    description: "Practice manager at Riverside Medical Practice; admin of the practice mailbox",
    assurance: "3",
    roles: [role("900000000101", "Y90001", "R8000", "Clinical Practitioner Access Role")],
    grants: [{ mailboxId: "Y90001OT", role: "admin" }],
  },
  {
    userId: "555000000002",
    username: "tom.baker",
    givenName: "Tom",
    familyName: "Baker",
    email: "tom.baker@riverside.example.nhs.uk",
    description: "Receptionist at Riverside Medical Practice; uses the practice mailbox",
    assurance: "3",
    roles: [role("900000000102", "Y90001", "R8001", "Admin and Clerical Access Role")],
    grants: [{ mailboxId: "Y90001OT", role: "member" }],
  },
  {
    userId: "555000000003",
    username: "grace.okafor",
    givenName: "Grace",
    familyName: "Okafor",
    email: "grace.okafor@northgate.example.nhs.uk",
    description: "Records clerk at Northgate Hospitals; uses the records and pathology mailboxes",
    assurance: "3",
    roles: [role("900000000103", "R9X", "R8001", "Admin and Clerical Access Role")],
    grants: [
      { mailboxId: "R9XRECS1", role: "member" },
      { mailboxId: "R9XPATH1", role: "member" },
    ],
  },
  {
    userId: "555000000004",
    username: "dan.evans",
    givenName: "Dan",
    familyName: "Evans",
    email: "dan.evans@hillside.example.nhs.uk",
    description: "Administrator at Hillside Surgery, another organisation",
    assurance: "3",
    roles: [role("900000000104", "Y90002", "R8001", "Admin and Clerical Access Role")],
    grants: [{ mailboxId: "Y90002OT", role: "admin" }],
  },
  {
    userId: "555000000005",
    username: "sam.lee",
    givenName: "Sam",
    familyName: "Lee",
    email: "sam.lee@example.nhs.uk",
    description: "Has an NHS smartcard but no role at any organisation",
    assurance: "3",
    roles: [],
    grants: [],
  },
  {
    userId: "555000000006",
    username: "alex.morgan",
    givenName: "Alex",
    familyName: "Morgan",
    email: "alex.morgan@riverside.example.nhs.uk",
    description: "Riverside staff member signed in with a password only (low assurance)",
    assurance: "1",
    roles: [role("900000000106", "Y90001", "R8001", "Admin and Clerical Access Role")],
    grants: [{ mailboxId: "Y90001OT", role: "member" }],
  },
  {
    userId: "555000000007",
    username: "jo.patel",
    givenName: "Jo",
    familyName: "Patel",
    email: "jo.patel@northgate.example.nhs.uk",
    description: "Roles at Riverside and at Northgate; her Hillside role has ended but its Mailroom grant was never removed",
    assurance: "3",
    roles: [
      role("900000000107", "Y90001", "R8001", "Admin and Clerical Access Role"),
      role("900000000117", "R9X", "R8001", "Admin and Clerical Access Role"),
    ],
    grants: [
      { mailboxId: "Y90001OT", role: "member" },
      { mailboxId: "R9XRECS1", role: "member" },
      { mailboxId: "Y90002OT", role: "member" },
    ],
  },
  {
    userId: "555000000008",
    username: "nina.clarke",
    givenName: "Nina",
    familyName: "Clarke",
    email: "nina.clarke@riverside.example.nhs.uk",
    description: "New receptionist at Riverside Medical Practice; no mailbox granted yet",
    assurance: "3",
    roles: [role("900000000108", "Y90001", "R8001", "Admin and Clerical Access Role")],
    grants: [],
  },
];
