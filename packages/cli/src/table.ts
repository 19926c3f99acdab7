const ANSI = /\u001b\[[0-9;]*m/g;
const width = (s: string): number => s.replace(ANSI, "").length;

/** A plain-text table with padded columns (ANSI colours do not count toward width). */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat((widths[i] as number) - width(c))))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}
