/*
 * MESH headers carry Latin-1 only (docs/mesh-protocol.md). A file name or subject with other
 * characters is written in a form they can carry, decided in ADR 0013: common punctuation and
 * accented letters become their nearest Latin-1 form; anything else is percent-encoded as UTF-8.
 */

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
