// The layout both signed PDF reports (erasure, findings) are drawn with:
// A4, DejaVu Sans embedded, headings that never sit alone at a page foot,
// label/value pairs, tables that break across pages repeating their header,
// and the page footers. The bytes depend only on what is drawn and on the
// dates given: the PDF dates are the report's as-of time and pdfkit derives
// the file ID from them, so the same facts give a byte-identical file.
import PDFDocument from 'pdfkit';
import { reportFonts } from './pdf-font.js';

export const PAGE = { size: 'A4' as const, margin: 54 };
export const COLOR = { text: '#1a1a1a', muted: '#555555', rule: '#b8c2cc', head: '#1f3864', band: '#eef2f7' };

export type Doc = PDFKit.PDFDocument;

export interface Ctx {
  doc: Doc;
  /** Makes text drawable: characters the font lacks become [U+XXXX]. */
  t: (s: string) => string;
  left: number;
  width: number;
}

/** Characters the embedded font cannot draw are shown as their code point, never as blank boxes. */
function makeSanitizer(doc: Doc): (s: string) => string {
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  const has = font?.hasGlyphForCodePoint?.bind(font);
  return (s) => {
    let out = '';
    for (const ch of s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      out += cp === 10 || cp === 9 || !has || has(cp) ? ch : `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
    }
    return out;
  };
}

export interface PdfInfo {
  lang: 'fr' | 'en';
  title: string;
  author: string;
  subject: string;
  keywords: string;
  producer: string;
  /** The report's as-of time: both PDF dates (and so the file ID). */
  date: Date;
}

/** A new report document and the promise of its bytes once `doc.end()` is called. */
export function startPdf(info: PdfInfo): { c: Ctx; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.margin, bottom: PAGE.margin + 14, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    lang: info.lang === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Keywords: info.keywords,
      Creator: 'natalia-audit',
      Producer: info.producer,
      CreationDate: info.date,
      ModDate: info.date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = reportFonts();
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('body');
  return { c: { doc, t: makeSanitizer(doc), left: doc.page.margins.left, width: doc.page.width - doc.page.margins.left - doc.page.margins.right }, bytes };
}

export function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

export function ensure(c: Ctx, height: number): void {
  if (c.doc.y + height > bottom(c.doc)) c.doc.addPage();
}

/** A heading is never left alone at the foot of a page: it needs room for a few lines of what follows. */
export function heading(c: Ctx, text: string): void {
  ensure(c, 120);
  c.doc.moveDown(0.8);
  c.doc.font('bold').fontSize(12).fillColor(COLOR.head).text(c.t(text), c.left, c.doc.y, { width: c.width });
  const y = c.doc.y + 2;
  c.doc.moveTo(c.left, y).lineTo(c.left + c.width, y).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
  c.doc.y = y + 6;
  c.doc.font('body').fontSize(9.5).fillColor(COLOR.text);
}

export function paragraph(c: Ctx, text: string, opts: { color?: string; bold?: boolean; size?: number } = {}): void {
  c.doc
    .font(opts.bold ? 'bold' : 'body')
    .fontSize(opts.size ?? 9.5)
    .fillColor(opts.color ?? COLOR.text)
    .text(c.t(text), c.left, c.doc.y, { width: c.width, lineGap: 1.5 });
  c.doc.moveDown(0.3);
}

/** A bulleted list, each item kept whole on a page. */
/** A list, marked with bullets or, for steps to follow in order, numbered. */
export function bullets(c: Ctx, items: string[], opts: { numbered?: boolean } = {}): void {
  const { doc } = c;
  for (const [i, item] of items.entries()) {
    const text = c.t(item);
    ensure(c, doc.font('body').fontSize(9.5).heightOfString(text, { width: c.width - 14 }) + 4);
    const y = doc.y;
    doc.font('body').fontSize(9.5).fillColor(COLOR.text).text(opts.numbered ? `${i + 1}.` : '•', c.left + 2, y);
    doc.text(text, c.left + 14, y, { width: c.width - 14, lineGap: 1.5 });
    doc.moveDown(0.25);
  }
}

/** Label / value pairs in two columns. */
export function pairs(c: Ctx, rows: [string, string][], labelWidth = 150): void {
  const { doc } = c;
  const heightOf = ([k, v]: [string, string]) =>
    Math.max(
      doc.font('bold').fontSize(9).heightOfString(c.t(k), { width: labelWidth - 8 }),
      doc.font('body').fontSize(9.5).heightOfString(c.t(v), { width: c.width - labelWidth }),
    );
  // A short block stays on one page; a long one breaks between rows.
  const total = rows.reduce((s, r) => s + heightOf(r) + 4, 0);
  if (total < 220) ensure(c, total);
  for (const [k, v] of rows) {
    const h = heightOf([k, v]);
    ensure(c, h + 4);
    const y = doc.y;
    doc.font('bold').fontSize(9).fillColor(COLOR.muted).text(c.t(k), c.left, y, { width: labelWidth - 8 });
    doc.font('body').fontSize(9.5).fillColor(COLOR.text).text(c.t(v), c.left + labelWidth, y, { width: c.width - labelWidth });
    doc.y = y + h + 4;
  }
}

export interface Column {
  header: string;
  width: number;
  size?: number;
}

export interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
}

/** A table that breaks across pages, repeating its header. */
export function table(c: Ctx, columns: Column[], rows: (string | Cell)[][]): void {
  const { doc } = c;
  const pad = 4;
  const total = columns.reduce((s, col) => s + col.width, 0);
  const widths = columns.map((col) => (col.width / total) * c.width);
  const xs = widths.map((_, i) => c.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const cellOf = (v: string | Cell): Cell => (typeof v === 'string' ? { text: v } : v);
  const measure = (cells: Cell[], header: boolean) =>
    Math.max(
      ...cells.map((cell, i) =>
        doc
          .font(header || cell.bold ? 'bold' : 'body')
          .fontSize(header ? 8.5 : (columns[i]!.size ?? 8.5))
          .heightOfString(c.t(cell.text), { width: widths[i]! - 2 * pad }),
      ),
    ) +
    2 * pad;
  const draw = (cells: Cell[], header: boolean) => {
    const h = measure(cells, header);
    const y = doc.y;
    if (header) doc.rect(c.left, y, c.width, h).fill(COLOR.band);
    cells.forEach((cell, i) => {
      doc
        .font(header || cell.bold ? 'bold' : 'body')
        .fontSize(header ? 8.5 : (columns[i]!.size ?? 8.5))
        .fillColor(header ? COLOR.head : (cell.color ?? COLOR.text))
        .text(c.t(cell.text), xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad });
    });
    doc.moveTo(c.left, y + h).lineTo(c.left + c.width, y + h).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    doc.y = y + h;
  };
  const header = columns.map((col) => ({ text: col.header }));
  ensure(c, measure(header, true) + measure(rows[0] ? rows[0].map(cellOf) : header, false));
  draw(header, true);
  for (const r of rows) {
    const cells = r.map(cellOf);
    if (doc.y + measure(cells, false) > bottom(doc)) {
      doc.addPage();
      draw(header, true);
    }
    draw(cells, false);
  }
  doc.x = c.left;
  doc.moveDown(0.5);
}

/** Writes each page's footer once the page count is known, then ends the document. */
export function finishPdf(c: Ctx, footer: (page: number, pages: number) => string): void {
  const { doc } = c;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The bottom margin is lifted so the footer does not spill onto a new page.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - PAGE.margin + 8;
    doc.moveTo(c.left, y - 6).lineTo(c.left + c.width, y - 6).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    doc.font('body').fontSize(7.5).fillColor(COLOR.muted).text(c.t(footer(i - range.start + 1, range.count)), c.left, y, {
      width: c.width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
}
