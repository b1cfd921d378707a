export type MeshEnvironment = {
  name: string;
  url: string;
  /** HSCN hosts are being withdrawn; kept only for organisations still on them. */
  deprecated: boolean;
  /** The real service requires a client certificate; local servers usually do not. */
  mutualTls: boolean;
};

/** Known MESH base URLs (docs/mesh-protocol.md) plus the local mailbox server. */
export const MESH_ENVIRONMENTS = {
  local: { name: "Local mailbox server", url: "http://127.0.0.1:8700", deprecated: false, mutualTls: false },
  integration: {
    name: "NHS MESH integration (internet)",
    url: "https://msg.intspineservices.nhs.uk",
    deprecated: false,
    mutualTls: true,
  },
  live: {
    name: "NHS MESH live (internet)",
    url: "https://mesh-sync.spineservices.nhs.uk",
    deprecated: false,
    mutualTls: true,
  },
  deployment: {
    name: "NHS MESH deployment (internet)",
    url: "https://msg.depspineservices.nhs.uk",
    deprecated: false,
    mutualTls: true,
  },
  "integration-hscn": {
    name: "NHS MESH integration (HSCN)",
    url: "https://msg.int.spine2.ncrs.nhs.uk",
    deprecated: true,
    mutualTls: true,
  },
  "live-hscn": {
    name: "NHS MESH live (HSCN)",
    url: "https://mesh-sync.national.ncrs.nhs.uk",
    deprecated: true,
    mutualTls: true,
  },
  "deployment-hscn": {
    name: "NHS MESH deployment (HSCN)",
    url: "https://msg.dep.spine2.ncrs.nhs.uk",
    deprecated: true,
    mutualTls: true,
  },
} as const satisfies Record<string, MeshEnvironment>;

export type MeshEnvironmentName = keyof typeof MESH_ENVIRONMENTS;

export function isMeshEnvironmentName(name: string): name is MeshEnvironmentName {
  return Object.hasOwn(MESH_ENVIRONMENTS, name);
}
