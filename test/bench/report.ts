/**
 * The bench's figures: printed as aligned rows, or (with --json) collected into one JSON document written
 * to standard output at the end. Every figure goes through here, so the two forms always agree.
 */
export type Figure = string | number | boolean | Record<string, number>;

export class BenchReport {
  private readonly sections: { title: string; rows: { name: string; values: Record<string, Figure> }[] }[] = [];

  constructor(readonly json: boolean) {}

  section(title: string): void {
    this.sections.push({ title, rows: [] });
    if (!this.json) console.log(`\n# ${title}`);
  }

  row(name: string, values: Record<string, Figure>): void {
    const section = this.sections.at(-1) ?? { title: '', rows: [] };
    if (this.sections.length === 0) this.sections.push(section);
    section.rows.push({ name, values });
    if (this.json) return;
    const cells = Object.entries(values).map(([k, v]) => `${k}=${format(v)}`);
    console.log(`${name.padEnd(44)} ${cells.join('  ')}`);
  }

  document(): object {
    return {
      generatedAt: new Date().toISOString(),
      node: process.version,
      sections: this.sections.map((s) => ({ title: s.title, rows: Object.fromEntries(s.rows.map((r) => [r.name, r.values])) })),
    };
  }
}

function format(value: Figure): string {
  if (typeof value === 'number') return Number.isInteger(value) || Math.abs(value) >= 10 ? value.toFixed(0) : value.toFixed(2);
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}:${format(v)}`).join('/');
  return String(value);
}

/** Median, minimum and maximum of several runs, in milliseconds rounded to 0.1. */
export function spread(values: number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  const middle = sorted.length % 2 === 1 ? (sorted[(sorted.length - 1) / 2] ?? 0) : ((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2;
  return { median: round(middle), min: round(sorted[0] ?? 0), max: round(sorted.at(-1) ?? 0), runs: sorted.length };
}
