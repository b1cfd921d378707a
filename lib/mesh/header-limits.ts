/**
 * The longest value MESH accepts in each `mex-*` header. The client checks them before sending; the
 * mailbox server refuses longer ones with a 400 naming the header. See docs/mesh-protocol.md.
 */
export const MEX_HEADER_LIMITS: Readonly<Record<string, number>> = {
  "mex-to": 100,
  "mex-workflowid": 300,
  "mex-chunk-range": 20,
  "mex-subject": 500,
  "mex-localid": 300,
  "mex-partnerid": 500,
  "mex-filename": 300,
  "mex-content-checksum": 100,
  "mex-content-type": 100,
  "mex-content-encrypted": 20,
  "mex-content-compressed": 20,
};
