/**
 * The middle of a list of timings (the mean of the two middle values for an even count); NaN for an empty list.
 *
 * @example
 * median([3, 1, 2]) //=> 2
 * median([4, 1, 3, 2]) //=> 2.5
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The nearest-rank percentile: the value below which `p` % of the timings fall; NaN for an empty list.
 *
 * @example
 * percentile([5, 1, 4, 2, 3], 95) //=> 5
 * percentile([5, 1, 4, 2, 3], 50) //=> 3
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Prints `rows` (the first is the header) as plain columns padded to their widest cell, two spaces apart.
 *
 * @example
 * printTable([['case', 'µs'], ['evaluate', '108']]) // prints "case      µs\nevaluate  108\n"
 */
export function printTable(rows: ReadonlyArray<readonly string[]>): void {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  for (const row of rows)
    process.stdout.write(
      `${row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
}
