/*
 * MESH headers carry Latin-1 only (docs/mesh-protocol.md). A file name or subject with other
 * characters is written in a form they can carry, decided in ADR 0013: common punctuation and
 * accented letters become their nearest Latin-1 form; anything else is percent-encoded as UTF-8.
 * What arrives is shown through `senderText` (ADR 0018).
 */
import { UNSAFE_CHARS } from "@/lib/http/content-disposition";

const LATIN1_PRINTABLE = /^[\x20-\x7e\xa0-\xff]$/;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/** Punctuation that word processors and phones put in names, and its plain form. */
const PUNCTUATION: Readonly<Record<string, string>> = {
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2026": "...",
  "\u2022": "*",
  "\u2122": "TM",
  "\u20ac": "EUR",
  "\u2009": " ",
  "\u202f": " ",
  "\u2002": " ",
  "\u2003": " ",
};

function latin1Form(char: string): string | null {
  if (LATIN1_PRINTABLE.test(char)) return char;
  const punctuation = PUNCTUATION[char];
  if (punctuation) return punctuation;
  // Letters outside Latin-1 with a Latin base (ř, ő) lose their marks; ł has none to lose, so it is encoded.
  const stripped = char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return stripped && [...stripped].every((c) => LATIN1_PRINTABLE.test(c)) ? stripped : null;
}

/** Whether `value` holds control characters, which no MESH header may carry in any form. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/**
 * `value` as it will arrive in a MESH header: unchanged when Latin-1 can carry it. When some
 * character has to be percent-encoded, `%` itself is encoded too, so the result decodes as a whole.
 */
export function meshHeaderText(value: string): string {
  const chars = [...value.normalize("NFC")];
  const forms = chars.map(latin1Form);
  if (forms.every((form) => form !== null)) return forms.join("");
  return chars
    .map((char, i) => {
      const form = forms[i];
      if (form === null || form === undefined) return encodeURIComponent(char);
      return form === "%" ? "%25" : form;
    })
    .join("");
}

// Line breaks and tabs in a subject become spaces; other invisible characters go (the list lives with download names).
const LINE_OR_TAB = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * A MESH header arrives as Latin-1, one character per byte. When a sender's system wrote UTF-8 bytes
 * (`Müller` as `MÃ¼ller`), those bytes decode as UTF-8; then that is what the sender meant.
 */
export function undoLatin1Mojibake(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(value, (char) => char.charCodeAt(0)));
  } catch {
    return value; // not UTF-8: genuine Latin-1, such as "Résumé"
  }
}

/**
 * Sender-controlled text (file names, subjects, local and workflow IDs, content types) as every page
 * shows it: UTF-8 mojibake decoded back, then C0/C1 controls, bidi overrides and invisible formatting
 * taken out, so "invoice\u202Efdp.exe" shows as "invoicefdp.exe". Null stays null.
 */
export function senderText(value: string): string;
export function senderText(value: string | null | undefined): string | null;
export function senderText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return undoLatin1Mojibake(value).normalize("NFC").replace(LINE_OR_TAB, " ").replace(UNSAFE_CHARS, "").trim();
}
