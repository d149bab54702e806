/**
 * Small layout helpers over pdf-lib for the report: a cursor that moves down the page (and onto a new
 * page when full), wrapped text, section headings and ruled tables. Standard fonts only (Helvetica), so
 * the PDF needs no font files; text outside WinAnsi is replaced rather than failing the whole report.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 48;
export const COLORS = {
  ink: rgb(0.13, 0.15, 0.18),
  muted: rgb(0.42, 0.45, 0.5),
  rule: rgb(0.84, 0.86, 0.89),
  band: rgb(0.06, 0.27, 0.45),
  zebra: rgb(0.96, 0.97, 0.98),
  pass: rgb(0.09, 0.5, 0.27),
  fail: rgb(0.75, 0.13, 0.13),
  white: rgb(1, 1, 1),
};

/** Characters Helvetica's WinAnsi encoding can draw; others become "?" (a name in another script). */
export function printable(text: string, font: PDFFont): string {
  let out = '';
  for (const ch of text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\u2026/g, '...')) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      out += '?';
    }
  }
  return out;
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

export class PageCursor {
  page: PDFPage;
  y: number;
  readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
    /** Draws the page's header; returns where content starts. `number` counts from 1. */
    private readonly onNewPage: (page: PDFPage, number: number) => number,
  ) {
    this.page = this.addPage();
    this.y = this.onNewPage(this.page, this.pages.length);
  }

  get contentWidth(): number {
    return A4.width - 2 * MARGIN;
  }

  /** Moves to a new page unless `height` points still fit above the footer. */
  ensure(height: number): void {
    if (this.y - height >= MARGIN + 40) return;
    this.page = this.addPage();
    this.y = this.onNewPage(this.page, this.pages.length);
  }

  text(text: string, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; x?: number; width?: number; gap?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const lines = wrap(printable(text, font), font, size, options.width ?? this.contentWidth);
    for (const line of lines) {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x: options.x ?? MARGIN, y: this.y - size, size, font, color: options.color ?? COLORS.ink });
      this.y -= size * 1.4;
    }
    this.y -= options.gap ?? 0;
  }

  heading(text: string): void {
    this.ensure(60);
    this.y -= 10;
    this.page.drawText(printable(text, this.fonts.bold), { x: MARGIN, y: this.y - 12, size: 12, font: this.fonts.bold, color: COLORS.band });
    this.y -= 18;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.8, color: COLORS.rule });
    this.y -= 6;
  }

  /** Label/value pairs in two columns of pairs. */
  facts(pairs: [string, string][], labelWidth = 92): void {
    const half = this.contentWidth / 2;
    for (let i = 0; i < pairs.length; i += 2) {
      this.ensure(16);
      pairs.slice(i, i + 2).forEach(([label, value], j) => {
        const x = MARGIN + j * half;
        this.page.drawText(printable(label, this.fonts.regular), { x, y: this.y - 9.5, size: 8.5, font: this.fonts.regular, color: COLORS.muted });
        const shown = fit(printable(value, this.fonts.bold), this.fonts.bold, 9.5, half - labelWidth - 8);
        this.page.drawText(shown, { x: x + labelWidth, y: this.y - 9.5, size: 9.5, font: this.fonts.bold, color: COLORS.ink });
      });
      this.y -= 16;
    }
  }

  /** A table; `cellColor` may colour a cell (pass/fail). Long cells wrap within their column. */
  table(columns: Column[], rows: string[][], cellColor?: (row: number, col: number) => ReturnType<typeof rgb> | undefined): void {
    const size = 8.5;
    const pad = 5;
    const drawRow = (cells: string[], font: PDFFont, fill: ReturnType<typeof rgb> | undefined, row: number) => {
      const wrapped = cells.map((c, i) => wrap(printable(c, font), font, size, (columns[i]?.width ?? 60) - 2 * pad));
      const height = Math.max(1, ...wrapped.map((w) => w.length)) * size * 1.3 + 2 * pad - 2;
      this.ensure(height);
      if (fill) this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: this.contentWidth, height, color: fill });
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        const col = columns[i];
        if (!col) return;
        lines.forEach((line, k) => {
          const w = font.widthOfTextAtSize(line, size);
          const lx = col.align === 'right' ? x + col.width - pad - w : x + pad;
          this.page.drawText(line, { x: lx, y: this.y - pad - size - k * size * 1.3 + 1, size, font, color: (row >= 0 ? cellColor?.(row, i) : undefined) ?? (row < 0 ? COLORS.white : COLORS.ink) });
        });
        x += col.width;
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.5, color: COLORS.rule });
    };
    drawRow(columns.map((c) => c.header), this.fonts.bold, COLORS.band, -1);
    rows.forEach((cells, r) => drawRow(cells, this.fonts.regular, r % 2 === 1 ? COLORS.zebra : undefined, r));
    this.y -= 4;
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(page);
    return page;
  }
}

/** Greedy word wrap to `width`; a single word too long for a line is cut. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= width) line = candidate;
      else {
        if (line !== '') lines.push(line);
        line = fit(word, font, size, width);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** `text` cut with "..." to fit `width`. */
export function fit(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}...`, size) > width) cut = cut.slice(0, -1);
  return `${cut}...`;
}
