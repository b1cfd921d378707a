/**
 * Content-Disposition values for files whose names come from other organisations (RFC 6266, with the
 * RFC 8187/5987 `filename*` extension). A sender's name is untrusted: it may carry header injection
 * (CR/LF, quotes), path traversal, or bidi controls that disguise `…exe` as `…pdf` in a downloads list.
 */

export const FALLBACK_FILE_NAME = "download.bin";

// Browsers and file systems cap names near 255 bytes; the header stays short too.
const MAX_NAME_CHARS = 150;

// C0/C1 controls, DEL, bidi embeddings/overrides/isolates and marks, zero-width and invisible
// formatting characters, the BOM, line/paragraph separators, and the Unicode "tag" block.
export const UNSAFE_CHARS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;
// Path separators, and characters Windows refuses in file names.
const PATH_CHARS = /[/\\:*?"<>|]/g;
// Device names Windows will not save a file under, whatever the extension ("nul.txt", "COM1.csv").
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** The sender's name with anything dangerous taken out; Unicode letters and emoji stay. */
export function safeFileName(raw: string | null | undefined): string {
  const cleaned = (raw ?? "").normalize("NFC").replace(UNSAFE_CHARS, "");
  // "../../etc/passwd" → "etc_passwd": "." and ".." segments go, the rest are joined, never nested.
  let name = cleaned
    .split(/[/\\]/)
    .map((segment) => segment.trim())
    .filter((segment) => segment !== "" && !/^\.+$/.test(segment))
    .join("_")
    .replace(PATH_CHARS, "_");
  name = name.replace(/^[\s.]+/, ""); // a leading dot would make a hidden file
  name = name.replace(/[\s.]+$/, ""); // Windows drops trailing dots and spaces, which can change the extension
  if (!name || /^_*$/.test(name)) return FALLBACK_FILE_NAME;
  if (WINDOWS_RESERVED.test(name)) name = name.replace(/^[^.]+/, (stem) => `${stem}_`); // "nul.txt" → "nul_.txt"
  return truncateKeepingExtension(name, MAX_NAME_CHARS);
}

/** An ASCII-only stand-in for browsers that ignore `filename*`. */
export function asciiFileName(safe: string): string {
  const ascii = safe
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // "Résumé" → "Resume" rather than "R_sum_"
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/[%;,='`]/g, "_") // characters some header parsers treat specially, even inside quotes
    .replace(/_+/g, "_");
  const dot = ascii.lastIndexOf(".");
  const stem = dot > 0 ? ascii.slice(0, dot) : ascii;
  if (!/[A-Za-z0-9]/.test(stem)) {
    const extension = /\.([A-Za-z0-9]{1,10})$/.exec(ascii)?.[1];
    return extension ? `download.${extension}` : FALLBACK_FILE_NAME;
  }
  return ascii.replace(/^[._\s]+/, "").trim();
}

/** `attachment; filename="…"; filename*=UTF-8''…` for a sender-supplied file name. */
export function attachmentDisposition(fileName: string | null | undefined): string {
  return disposition("attachment", fileName);
}

/** The same for `inline` (the PDF preview frame). */
export function inlineDisposition(fileName: string | null | undefined): string {
  return disposition("inline", fileName);
}

function disposition(type: "attachment" | "inline", fileName: string | null | undefined): string {
  const safe = safeFileName(fileName);
  const ascii = asciiFileName(safe);
  const header = `${type}; filename="${ascii}"`;
  return ascii === safe ? header : `${header}; filename*=UTF-8''${encodeRfc8187(safe)}`;
}

/** Percent-encodes everything outside RFC 8187's attr-char set. */
export function encodeRfc8187(value: string): string {
  return Array.from(new TextEncoder().encode(value), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name); // by code point, so an emoji is never cut in half
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 11 ? Array.from(name.slice(dot)) : [];
  return (
    chars
      .slice(0, max - extension.length)
      .join("")
      .replace(/[\s.]+$/, "") + extension.join("")
  );
}
