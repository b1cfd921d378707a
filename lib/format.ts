const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});

/** "9 March 2026 at 2:05pm", in UK time whatever the server's zone. */
export function formatDateTime(value: Date): string {
  const parts = Object.fromEntries(dateTime.formatToParts(value).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${(parts.dayPeriod ?? "").toLowerCase()}`;
}

/** File sizes as people read them: "812 bytes", "1.5KB", "23MB" (decimal units, as the upload limits). */
export function formatFileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "Not known";
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const rounded = value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, "");
  return `${rounded}${units[unit]}`;
}

/** Time left before a deadline, coarse as a person needs it: "4 days", "5 hours", "20 minutes", "Expired". */
export function formatTimeLeft(deadline: Date, now: Date = new Date()): string {
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return "Expired";
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (days >= 1) return hours % 24 >= 1 ? `${plural(days, "day")} ${plural(hours % 24, "hour")}` : plural(days, "day");
  if (hours >= 1) return plural(hours, "hour");
  return plural(Math.max(1, minutes), "minute");
}
