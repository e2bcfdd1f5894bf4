// The erasure report as a PDF a DPO can file or send: A4, French or English,
// DejaVu Sans embedded. The bytes depend only on the facts and the language:
// the PDF dates are the facts' as-of time and pdfkit derives the file ID from
// them, so the same facts give a byte-identical file.
import PDFDocument from 'pdfkit';
import { parisParts } from '../../crosscheck/calendar.js';
import type { ErasureReportFacts, FactStatus, OneErasure } from './facts-types.js';
import { LABELS, longDate, utcTime, type ReportLabels, type ReportLang } from './labels.js';
import { reportFonts } from './pdf-font.js';

const PAGE = { size: 'A4' as const, margin: 54 };
const COLOR = { text: '#1a1a1a', muted: '#555555', rule: '#b8c2cc', head: '#1f3864', band: '#eef2f7' };
const STATUS_COLOR: Record<FactStatus, string> = { passed: '#1b6e35', failed: '#b00020', not_provided: '#7a5c00' };
const CONCLUSION_COLOR: Record<OneErasure['conclusion'], string> = { passed: '#1b6e35', failed: '#b00020', incomplete: '#7a5c00' };

type Doc = PDFKit.PDFDocument;

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

interface Ctx {
  doc: Doc;
  L: ReportLabels;
  lang: ReportLang;
  t: (s: string) => string;
  left: number;
  width: number;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function ensure(c: Ctx, height: number): void {
  if (c.doc.y + height > bottom(c.doc)) c.doc.addPage();
}

/** A heading is never left alone at the foot of a page: it needs room for a few lines of what follows. */
function heading(c: Ctx, text: string): void {
  ensure(c, 120);
  c.doc.moveDown(0.8);
  c.doc.font('bold').fontSize(12).fillColor(COLOR.head).text(c.t(text), c.left, c.doc.y, { width: c.width });
  const y = c.doc.y + 2;
  c.doc.moveTo(c.left, y).lineTo(c.left + c.width, y).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
  c.doc.y = y + 6;
  c.doc.font('body').fontSize(9.5).fillColor(COLOR.text);
}

function paragraph(c: Ctx, text: string, opts: { color?: string; bold?: boolean; size?: number } = {}): void {
  c.doc
    .font(opts.bold ? 'bold' : 'body')
    .fontSize(opts.size ?? 9.5)
    .fillColor(opts.color ?? COLOR.text)
    .text(c.t(text), c.left, c.doc.y, { width: c.width, lineGap: 1.5 });
  c.doc.moveDown(0.3);
}

/** Label / value pairs in two columns. */
function pairs(c: Ctx, rows: [string, string][], labelWidth = 150): void {
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

interface Column {
  header: string;
  width: number;
  size?: number;
}

interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
}

/** A table that breaks across pages, repeating its header. */
function table(c: Ctx, columns: Column[], rows: (string | Cell)[][]): void {
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

function parisTime(iso: string | undefined, lang: ReportLang): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const p = parisParts(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} ${lang === 'fr' ? '(heure de Paris)' : '(Paris time)'}`;
}

function renderErasure(c: Ctx, e: OneErasure, many: boolean): void {
  const { L, lang } = c;
  const d = (iso: string) => longDate(iso, lang);
  if (many) {
    // Each erasure of a data subject starts on its own page, so each can be read (or filed) alone.
    if (c.doc.y > c.doc.page.margins.top + 200) c.doc.addPage();
    else c.doc.moveDown(0.6);
    paragraph(c, `${L.meta.certificate} ${e.certificate_id}`, { bold: true, size: 13, color: COLOR.head });
  }
  // The conclusion first: what a reader needs before the detail.
  ensure(c, 70);
  const boxTop = c.doc.y;
  c.doc.font('bold').fontSize(10.5);
  const conclusion = c.t(L.conclusion[e.conclusion]);
  const summary = c.t(L.summary(e, d));
  const h =
    c.doc.heightOfString(conclusion, { width: c.width - 20 }) + c.doc.font('body').fontSize(9.5).heightOfString(summary, { width: c.width - 20, lineGap: 1.5 }) + 22;
  c.doc.rect(c.left, boxTop, c.width, h).fill(COLOR.band);
  c.doc.rect(c.left, boxTop, 4, h).fill(CONCLUSION_COLOR[e.conclusion]);
  c.doc.font('bold').fontSize(10.5).fillColor(CONCLUSION_COLOR[e.conclusion]).text(conclusion, c.left + 12, boxTop + 8, { width: c.width - 20 });
  c.doc.moveDown(0.3);
  c.doc.font('body').fontSize(9.5).fillColor(COLOR.text).text(summary, c.left + 12, c.doc.y, { width: c.width - 20, lineGap: 1.5 });
  c.doc.y = boxTop + h;
  c.doc.x = c.left;

  heading(c, L.sections.request);
  const recorded = e.actions.find((a) => a.kind === 'request_recorded');
  pairs(c, [
    [L.request.reference, e.request.reference ?? L.none],
    [L.request.received, e.request.received_at ? utcTime(e.request.received_at) : L.none],
    [L.request.channel, L.channel(e.request.channel)],
    [L.request.requestedBy, e.request.requested_by ?? L.none],
    [L.request.recorded, recorded ? `${utcTime(recorded.at)} — ${recorded.actor ?? ''} (${recorded.role ?? ''}), seq ${recorded.audit_seq}` : L.none],
  ]);

  heading(c, L.sections.actions);
  table(
    c,
    [
      { header: L.actionCols.at, width: 20 },
      { header: L.actionCols.action, width: 20 },
      { header: L.actionCols.by, width: 16 },
      { header: L.actionCols.seq, width: 7 },
      { header: L.actionCols.detail, width: 37 },
    ],
    e.actions.map((a) => [
      utcTime(a.at),
      { text: L.action[a.kind], bold: true },
      [a.actor, a.role ? `(${a.role})` : undefined].filter(Boolean).join(' ') || L.none,
      a.audit_seq !== undefined ? String(a.audit_seq) : L.none,
      [a.kind === 'request_received' ? L.channel(a.detail) : a.kind === 'certificate_issued' && a.detail ? L.keyId(a.detail) : a.detail, a.audit_hash ? `hash ${a.audit_hash}` : undefined].filter(Boolean).join('\n') || L.none,
    ]),
  );

  heading(c, L.sections.deleted);
  pairs(c, [
    [L.deleted.subject, [e.subject.label, e.subject.extension_id !== undefined ? `id ${e.subject.extension_id}` : undefined, e.tenant].filter(Boolean).join(' — ') || L.none],
    [L.deleted.pseudonym, e.subject.ext_pseudonym ?? L.none],
    [L.deleted.extension, String(e.deleted.extension ?? L.none)],
    [L.deleted.cdr, String(e.deleted.cdr ?? L.none)],
    [L.deleted.reveals, String(e.deleted.reveals ?? L.none)],
    [L.deleted.method, L.method(e.method)],
  ]);

  heading(c, L.sections.checks);
  table(
    c,
    [
      { header: L.checkCols.check, width: 30 },
      { header: L.checkCols.result, width: 13 },
      { header: L.checkCols.detail, width: 57 },
    ],
    e.checks.map((k) => [
      { text: L.check[k.id], bold: true },
      { text: L.status[k.status], color: STATUS_COLOR[k.status], bold: true },
      [
        L.checkDetail(k.id, k.status, k.values, e),
        ...k.findings.map(
          (f) => `${L.finding} ${f.code}${f.file ? ` — ${f.file}` : ''}${f.line !== undefined ? `:${f.line}` : ''}${f.seq !== undefined ? ` (seq ${f.seq})` : ''}: ${f.message}`,
        ),
      ].join('\n'),
    ]),
  );
  // What the checks above rest on: a reader must see whether the vendor's root or some other file vouched.
  pairs(c, [[L.trust.source, L.trust.from(e.trust)]], 110);
  if (e.trust.anchors.length === 0) paragraph(c, L.trust.noAnchor, { bold: true, color: STATUS_COLOR.not_provided });
  else {
    // As wide as the evidence table's hash column: a whole fingerprint on one line, to read out to the vendor.
    table(
      c,
      [
        { header: L.trust.anchors, width: 38 },
        { header: L.trust.fingerprint, width: 62, size: 7.2 },
      ],
      e.trust.anchors.map((a) => [L.trust.anchor(a), a.fingerprint ?? L.trust.notRecorded]),
    );
  }

  heading(c, L.sections.deadline);
  const dl = e.deadline;
  const rows: [string, string][] = [
    [L.deadline.received, dl.received_at ? `${utcTime(dl.received_at)} — ${parisTime(dl.received_at, lang)}` : L.none],
    [L.deadline.due, dl.due_at ? parisTime(dl.due_at, lang) : L.none],
    [L.deadline.executed, dl.executed_at ? `${utcTime(dl.executed_at)} — ${parisTime(dl.executed_at, lang)}` : L.none],
    [L.deadline.takenLabel, dl.days_taken !== undefined ? L.deadline.taken(dl.days_taken) : L.none],
    [
      L.deadline.extension,
      dl.extension
        ? L.deadline.extensionText(dl.extension.decided_by, utcTime(dl.extension.notified_at), dl.extension.reason, dl.extension.notified_in_time, parisTime(dl.extended_due_at, lang))
        : L.deadline.noExtension,
    ],
  ];
  pairs(c, rows);
  const dlCheck = e.checks.find((k) => k.id === 'deadline')!;
  paragraph(c, L.deadline.conclusion(L.deadline.status[dl.status]), {
    bold: true,
    color: STATUS_COLOR[dlCheck.status],
  });
}

export interface RenderOptions {
  /** Name of the detached signature file the PDF mentions. */
  signatureFile?: string;
}

export async function renderErasurePdf(facts: ErasureReportFacts, lang: ReportLang, opts: RenderOptions = {}): Promise<Buffer> {
  const L = LABELS[lang];
  const asOf = new Date(facts.as_of);
  const scopeText =
    facts.scope.kind === 'certificate'
      ? `${L.meta.certificate} ${facts.scope.certificate_id}`
      : `${L.deleted.pseudonym} ${facts.scope.ext_pseudonym.slice(0, 16)}…`;
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.margin, bottom: PAGE.margin + 14, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    lang: lang === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${L.title} — ${facts.report_id}`,
      Author: facts.review?.reviewer ?? 'natalia-audit',
      Subject: L.subtitle(scopeText),
      Keywords: `GDPR; erasure; ${facts.erasures.map((e) => e.certificate_id).join('; ')}`,
      Creator: 'natalia-audit',
      Producer: `natalia-audit ${facts.workstation_version ?? ''}`.trim(),
      CreationDate: asOf,
      ModDate: asOf,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const fonts = reportFonts();
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('body');
  const c: Ctx = { doc, L, lang, t: makeSanitizer(doc), left: doc.page.margins.left, width: doc.page.width - doc.page.margins.left - doc.page.margins.right };

  // Title block.
  doc.font('bold').fontSize(17).fillColor(COLOR.head).text(c.t(L.title), c.left, doc.y, { width: c.width });
  doc.font('body').fontSize(11).fillColor(COLOR.muted).text(c.t(L.subtitle(scopeText)), { width: c.width });
  doc.moveDown(0.6);
  const first = facts.erasures[0]!;
  pairs(
    c,
    [
      [L.meta.case, facts.case.name ? `${facts.case.name} (${facts.case.id})` : facts.case.id],
      [L.meta.installation, first.installation_id ?? L.none],
      [L.meta.tenant, [...new Set(facts.erasures.map((e) => e.tenant ?? L.none))].join(', ')],
      [L.meta.asOf, `${longDate(facts.as_of, lang)} (${utcTime(facts.as_of)})`],
      [L.meta.reportId, facts.report_id],
    ],
    110,
  );
  doc.moveDown(0.4);

  for (const e of facts.erasures) renderErasure(c, e, facts.erasures.length > 1);

  heading(c, L.sections.evidence);
  // The hash column is wide enough for a whole SHA-256 on one line, so it can be copied as one piece.
  table(
    c,
    [
      { header: `${L.evidenceCols.role} / ${L.evidenceCols.file}`, width: 38 },
      { header: L.evidenceCols.sha256, width: 62, size: 7.2 },
    ],
    facts.evidence.map((f) => [`${L.evidenceRole[f.role]}\n${f.file}`, f.sha256 ?? (f.role === 'bundle' ? L.noBundleHash : L.inArchive)]),
  );

  heading(c, L.sections.review);
  paragraph(c, facts.review ? L.review.by(facts.review.reviewer, longDate(facts.review.reviewed_at, lang)) : L.review.none, { bold: Boolean(facts.review) });
  if (facts.review?.note) paragraph(c, L.review.note(facts.review.note));

  heading(c, L.sections.limits);
  for (const k of facts.limits) {
    const text = c.t(L.limits[k]);
    ensure(c, doc.font('body').fontSize(9.5).heightOfString(text, { width: c.width - 14 }) + 4);
    const y = doc.y;
    doc.font('body').fontSize(9.5).fillColor(COLOR.text).text('•', c.left + 2, y);
    doc.text(text, c.left + 14, y, { width: c.width - 14, lineGap: 1.5 });
    doc.moveDown(0.25);
  }

  heading(c, L.sections.signature);
  paragraph(c, L.signature(facts.signer?.kid, opts.signatureFile ?? `${facts.report_id}.pdf.sig.json`), { color: COLOR.muted, size: 8.5 });

  // Footers, once the page count is known. The bottom margin is lifted so the footer does not spill onto a new page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - PAGE.margin + 8;
    doc.moveTo(c.left, y - 6).lineTo(c.left + c.width, y - 6).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    doc.font('body').fontSize(7.5).fillColor(COLOR.muted).text(c.t(L.footer(facts.report_id, i - range.start + 1, range.count)), c.left, y, {
      width: c.width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return done;
}
