// What the hostile-input suite throws at Mailroom: values a careless or malicious sender, a tampered
// link or a broken client could give. Each list is small; the suite crosses them with every route.

/** Query-string values, already percent-encoded as they would be on the wire. */
export const QUERY_VALUES: readonly string[] = [
  "%00",
  "%0D%0ASet-Cookie:%20injected=1",
  "%FF%FE",
  "%C0%AF",
  "%E2%80%AE%E2%80%8Fevil",
  "%",
  "%ZZ",
  "%E0%A4%A",
  encodeURIComponent("<script>alert(1)</script>"),
  encodeURIComponent(`'"><img src=x onerror=alert(1)>`),
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "x".repeat(5000),
  "-1",
  "99999999999999999999999",
  "1e309",
  encodeURIComponent('=HYPERLINK("http://example.com","x")'),
  "%EF%BF%BF%F0%9F%98%80",
  "a&a=b&a=c",
];

/** The query parameters any page or handler might read; each payload goes into all of them at once. */
export const QUERY_NAMES: readonly string[] = [
  "q",
  "page",
  "cursor",
  "before",
  "after",
  "key",
  "error",
  "field",
  "meshCode",
  "status",
  "workflow",
  "workflowId",
  "recipient",
  "from",
  "to",
  "person",
  "action",
  "messageId",
  "returnTo",
  "callbackUrl",
  "download",
];

/** Path ids, percent-encoded: where a route takes a message or mailbox id. */
export const PATH_IDS: readonly string[] = [
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "%E2%80%AE",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "x".repeat(400),
  "%FF",
  "CON",
  "20260101000000000000_ABCDEF", // the shape of a MESH id, of no message here
];

/** File names a sender's system might write into `mex-filename`, as Latin-1 header text. */
export const FILE_NAMES: readonly string[] = [
  "../../../etc/passwd",
  "..\\..\\windows\\system32\\config\\sam",
  "report\u0000.csv",
  "tab\tand\u007fdel.csv",
  "C1\u0085\u009bcontrols.csv",
  "M\u00c3\u00bcller.csv", // UTF-8 "Müller.csv" read as Latin-1
  "invoice\u00e2\u0080\u00aegpj.exe", // UTF-8 U+202E read as Latin-1
  "<script>alert(1)</script>.html",
  `"><img src=x onerror=alert(1)>.csv`,
  `${"a".repeat(1000)}.csv`,
  "CON",
  "nul.txt",
  "COM1.csv",
  "LPT9",
  "aux.tar.gz",
  "trailing dot.",
  "trailing space ",
  ".hidden",
  '=HYPERLINK("http://example.com").csv',
  "",
];

/** Subjects and local IDs: text shown on pages and in exports. */
export const SHOWN_TEXT: readonly string[] = [
  "<script>alert(document.cookie)</script>",
  `'"><svg onload=alert(1)>`,
  "javascript:alert(1)",
  '=HYPERLINK("http://example.com","click")',
  "+SUM(1,2)",
  "-2+3",
  "@cmd|' /C calc'!A0",
  "\u0009=1+1",
  "line\u0085break\u009b",
  "{{constructor.constructor('alert(1)')()}}",
  "${7*7}",
  "x".repeat(500),
];

/** A trace of a thrown error leaking into a response. */
export const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+|node_modules[\\/]|webpack-internal:|\bTypeError: /;

/** A payload that came back as live markup rather than text. */
export const LIVE_MARKUP = /<script>alert\(|<img src=x onerror=|<svg onload=/;
