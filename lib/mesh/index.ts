export { buildAuthToken, formatTokenTimestamp, freshAuthToken } from "./auth-token";
export { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, type SendSource } from "./chunks";
export {
  ACCEPT_V1,
  ACCEPT_V2,
  buildSendHeaders,
  createMeshClient,
  type CallOptions,
  type ListInboxOptions,
  type MeshClient,
  type MeshClientOptions,
  type MeshDownload,
  type RichListOptions,
  type SendMetadata,
  type SendOptions,
  type SendResult,
} from "./client";
export { MESH_ENVIRONMENTS, isMeshEnvironmentName, type MeshEnvironment, type MeshEnvironmentName } from "./environments";
export { MESH_ERROR_KINDS, MeshError, isMeshError, type MeshErrorKind } from "./errors";
export { DEFAULT_RETRY, type MeshTlsOptions, type RetryPolicy } from "./http";
export type { InboxPage, MailboxAddress, MessageHeaders, RichMessage, Tracking, TrackingV1 } from "./schemas";
