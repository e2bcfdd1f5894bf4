// The erasure report as a PDF a DPO can file or send: A4, French or English,
// DejaVu Sans embedded. The bytes depend only on the facts and the language:
// the PDF dates are the facts' as-of time and pdfkit derives the file ID from
// them, so the same facts give a byte-identical file.
import { parisParts } from '../../crosscheck/calendar.js';
import type { ErasureReportFacts, FactStatus, OneErasure } from './facts-types.js';
import { LABELS, longDate, utcTime, type ReportLabels, type ReportLang } from './labels.js';
import { bullets, COLOR, ensure, finishPdf, heading, pairs, paragraph, startPdf, table, type Ctx as LayoutCtx } from '../pdf/layout.js';

const STATUS_COLOR: Record<FactStatus, string> = { passed: '#1b6e35', failed: '#b00020', not_provided: '#7a5c00' };
const CONCLUSION_COLOR: Record<OneErasure['conclusion'], string> = { passed: '#1b6e35', failed: '#b00020', incomplete: '#7a5c00' };

interface Ctx extends LayoutCtx {
  L: ReportLabels;
  lang: ReportLang;
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

function dpoText(d: { name: string; contact?: string }): string {
  return d.contact ? `${d.name} (${d.contact})` : d.name;
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
  const { c: base, bytes } = startPdf({
    lang,
    title: `${L.title} — ${facts.report_id}`,
    author: facts.review?.reviewer ?? 'natalia-audit',
    subject: L.subtitle(scopeText),
    keywords: `GDPR; erasure; ${facts.erasures.map((e) => e.certificate_id).join('; ')}`,
    producer: `natalia-audit ${facts.workstation_version ?? ''}`.trim(),
    date: asOf,
  });
  const c: Ctx = { ...base, L, lang };
  const { doc } = c;

  // Title block.
  doc.font('bold').fontSize(17).fillColor(COLOR.head).text(c.t(L.title), c.left, doc.y, { width: c.width });
  doc.font('body').fontSize(11).fillColor(COLOR.muted).text(c.t(L.subtitle(scopeText)), { width: c.width });
  doc.moveDown(0.6);
  const first = facts.erasures[0]!;
  pairs(
    c,
    [
      // The case by its name: its internal id is for the JSON twin, not for a reader.
      [L.meta.case, facts.case.name ?? facts.case.id],
      ...(facts.generated_on ? ([[L.meta.generated, longDate(facts.generated_on, lang)]] as [string, string][]) : []),
      ...(facts.controller !== undefined ? ([[L.meta.controller, facts.controller ?? L.meta.notSet]] as [string, string][]) : []),
      ...(facts.dpo !== undefined ? ([[L.meta.dpo, facts.dpo ? dpoText(facts.dpo) : L.meta.notSet]] as [string, string][]) : []),
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
  bullets(c, facts.limits.map((k) => L.limits[k]));

  heading(c, L.sections.signature);
  const words = L.signature({
    file: opts.signatureFile ?? `${facts.report_id}.pdf.sig.json`,
    kid: facts.signer?.kid,
    fingerprint: facts.signer?.fingerprint,
    contact: facts.dpo ? dpoText(facts.dpo) : (facts.controller ?? undefined),
  });
  paragraph(c, words.intro);
  bullets(c, words.steps, { numbered: true });
  if (words.fingerprint) paragraph(c, words.fingerprint, { bold: true });

  finishPdf(c, (page, pages) => L.footer(facts.report_id, page, pages));
  return bytes;
}
