/*
 * The upload itself: XMLHttpRequest, because fetch() gives no upload progress and Chromium streams a
 * request body only over HTTP/2. The server streams the bytes on to MESH as they arrive.
 */

export type UploadFailure = {
  ok: false;
  kind: "cancelled" | "connection" | "session" | "too-large" | "refused" | "unreachable" | "other";
  message: string;
  /** The answer the person should change, when MESH refused one (recipient or workflow). */
  field?: "recipient" | "workflowId" | "file";
  /** The server's failure code (`mesh-unreachable`, …), its words alone, MESH's own code and what to try, when given. */
  code?: string;
  error?: string;
  meshCode?: string;
  whatToTry?: string;
};

export type UploadOutcome = { ok: true; messageId: string } | UploadFailure;

export type Upload = { done: Promise<UploadOutcome>; cancel: () => void };

const FAILURE_BY_STATUS: Record<number, UploadFailure["kind"]> = {
  401: "session",
  413: "too-large",
  503: "unreachable",
  504: "unreachable",
};

export function uploadFile(
  { url, file, sendKey, sha256 }: { url: string; file: File; sendKey: string; sha256: string },
  onProgress: (loaded: number, total: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader("X-Mailroom-Send-Key", sendKey);
    xhr.setRequestHeader("X-Mailroom-Sha256", sha256);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: {
        messageId?: string;
        code?: string;
        error?: string;
        field?: UploadFailure["field"];
        whatToTry?: string;
        meshCode?: string;
      } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: a proxy's own error page; the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.messageId) return resolve({ ok: true, messageId: body.messageId });
      const kind = FAILURE_BY_STATUS[xhr.status] ?? (xhr.status >= 400 && xhr.status < 500 ? "refused" : "other");
      // MESH's own code goes with the advice, for the service desk if it keeps happening.
      const advice = [body.whatToTry, body.meshCode ? `(MESH code ${body.meshCode})` : undefined].filter(Boolean).join(" ");
      const message = body.error ?? "Sorry, there is a problem with the service. Try again later.";
      resolve({
        ok: false,
        kind,
        message: advice ? `${message} ${advice}` : message,
        field: body.field,
        code: body.code,
        error: body.error,
        meshCode: body.meshCode,
        whatToTry: body.whatToTry,
      });
    };
    xhr.onerror = () =>
      resolve({
        ok: false,
        kind: "connection",
        message: "The connection was lost before the file was sent. Check your connection and try again.",
      });
    xhr.onabort = () => resolve({ ok: false, kind: "cancelled", message: "You cancelled sending the file. Nothing was sent." });
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}
