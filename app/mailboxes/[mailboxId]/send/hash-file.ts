/** The file's SHA-256 as lower-case hex, computed in a worker; rejects if the browser cannot. */
export function hashFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./sha256.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<{ ok: true; sha256: string } | { ok: false; error: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.sha256);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || "the file could not be read"));
    };
    worker.postMessage(file);
  });
}
