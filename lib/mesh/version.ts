/** How Mailroom names itself to MESH (User-Agent, mex-clientversion). Kept equal to package.json by a test. */
export const MESH_CLIENT_NAME = "mailroom";
export const MESH_CLIENT_VERSION = "0.1.0";
