/** Runs once when the web server starts: refuse to start with missing or malformed settings. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddresses } = await import("@/lib/http/peer-address");
  stampPeerAddresses();
  const { checkEnvAtStartup } = await import("@/lib/env-startup");
  checkEnvAtStartup();
  // One loop per web process; the database claim keeps several processes from tracking one message (ADR 0014).
  const { startSentRefresher } = await import("@/lib/mailboxes/sent-refresher");
  startSentRefresher();
}
