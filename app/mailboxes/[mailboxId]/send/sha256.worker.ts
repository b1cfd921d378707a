// Hashes the chosen file away from the page's thread, so a 100 MB file leaves the page responsive.
self.onmessage = async (event: MessageEvent<File>) => {
  try {
    const digest = await crypto.subtle.digest("SHA-256", await event.data.arrayBuffer());
    const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
    self.postMessage({ ok: true, sha256: hex });
  } catch (error) {
    self.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
