// Test-only: the JSON log lines a spawned process printed, for tests that read its logs.

/**
 * Every complete JSON line in `output` (other output, such as Next's banner, left out). Processes write
 * through pipes a moment after they answer, so tests poll for the line they expect.
 */
export function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .slice(0, -1) // the last piece may be a line still being written
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
