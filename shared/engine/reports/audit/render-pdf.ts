// The findings report as a PDF the auditor hands to the client: A4, French
// or English, drawn with the reports' one layout (pdf/layout.ts). The bytes
// depend only on the facts and the language (the PDF dates are the facts'
// as-of time).
import { isBlocking, type Severity } from '../../../model/findings.js';
import type { CheckStatus } from '../../../model/verification.js';
import { LABELS as REPORT_LABELS, longDate, utcTime, type ReportLang } from '../erasure/labels.js';
import { bullets, COLOR, ensure, finishPdf, heading, pairs, paragraph, startPdf, table, type Ctx } from '../pdf/layout.js';
import { checkName } from '../../../model/check-names.js';
import { findingWordsFr } from '../../../model/findings-fr.js';
import type { AuditReportFacts, ReportFinding, ReportReviewItem } from './facts-types.js';
import { AUDIT_LABELS, type AuditLabels } from './labels.js';

const STATUS_COLOR: Record<CheckStatus, string> = { passed: '#1b6e35', failed: '#b00020', not_provided: '#7a5c00' };
const SEVERITY_COLOR: Record<Severity, string> = { critical: '#8b0000', high: '#b00020', medium: '#b35c00', low: '#7a5c00', info: '#555555' };
const VERDICT_COLOR: Record<string, string> = { trusted: '#1b6e35', problems: '#b00020', unverifiable: '#7a5c00', partial: '#7a5c00' };

function place(f: { file?: string; line?: number; seq?: number; certificate_id?: string; reveal_id?: string }, none: string): string {
  return (
    [f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : undefined, f.seq !== undefined ? `seq ${f.seq}` : undefined, f.certificate_id, f.reveal_id]
      .filter(Boolean)
      .join('\n') || none
  );
}

function decisionText(L: AuditLabels, i: Pick<ReportReviewItem, 'decision' | 'earlier' | 'comments'> & { tags?: string[] }, lang: ReportLang): string {
  const lines: string[] = [];
  if (i.decision) {
    lines.push(`${L.decision[i.decision.decision]} ${L.decidedBy(i.decision.reviewer, longDate(i.decision.at, lang))}`);
    if (i.decision.reason) lines.push(i.decision.reason);
  }
  if (i.earlier.length > 0) lines.push(L.earlier(i.earlier.length));
  for (const m of i.comments) lines.push(L.comment(m.reviewer, longDate(m.at, lang), m.text));
  if (i.tags && i.tags.length > 0) lines.push(L.tags(i.tags));
  return lines.join('\n') || L.none;
}

/** A horizontal bar per actor, the part outside working hours darker: drawn with the PDF's own shapes. */
function revealChart(c: Ctx, L: AuditLabels, rows: AuditReportFacts['reveals']['by_actor']): void {
  const { doc } = c;
  const shown = rows.slice(0, 12);
  const barH = 11;
  const gap = 5;
  const labelW = 130;
  const numW = 50;
  const height = 20 + shown.length * (barH + gap);
  ensure(c, height + 10);
  doc.font('bold').fontSize(9).fillColor(COLOR.muted).text(c.t(L.chartTitle), c.left, doc.y, { width: c.width });
  let y = doc.y + 6;
  const max = Math.max(1, ...shown.map((r) => r.reveals));
  const span = c.width - labelW - numW;
  for (const r of shown) {
    const w = Math.max(1, (r.reveals / max) * span);
    const off = (r.off_hours / max) * span;
    doc.font('body').fontSize(8.5).fillColor(COLOR.text).text(c.t(r.actor), c.left, y + 1, { width: labelW - 8, lineBreak: false, ellipsis: true });
    doc.rect(c.left + labelW, y, w, barH).fill('#8fa9c9');
    if (off > 0) doc.rect(c.left + labelW, y, off, barH).fill(COLOR.head);
    doc.font('body').fontSize(8.5).fillColor(COLOR.text).text(`${r.reveals}${r.off_hours ? ` (${r.off_hours})` : ''}`, c.left + labelW + w + 4, y + 1, { width: numW + span - w, lineBreak: false });
    y += barH + gap;
  }
  doc.y = y + 4;
  doc.x = c.left;
}

/** A finding's title and meaning in the report's language (the French catalog in French), and the engine's message about it, quoted as such. */
function findingText(L: AuditLabels, lang: ReportLang, f: ReportFinding): string {
  const fr = lang === 'fr' ? findingWordsFr(f.code) : undefined;
  const meaning = fr?.meaning ?? f.meaning;
  return `${f.code}: ${fr?.title ?? f.title}\n${meaning ? `${meaning}\n` : ''}${L.engineQuote}${f.message}`;
}

/** What a review item is called in the report's language; its key says its kind. */
function itemTitle(L: AuditLabels, i: ReportReviewItem): string {
  if (!L.itemTitle) return i.title;
  const parts = i.subject.split(':');
  if (i.kind === 'finding') {
    const code = i.subject.slice(i.subject.indexOf(':', 'finding:'.length) + 1).split('@')[0]!;
    return findingWordsFr(code)?.title ?? i.title;
  }
  if (i.kind === 'review') return (L.itemTitle.review as Record<string, string> | null)?.[parts[2] ?? ''] ?? i.title;
  if (i.kind === 'erasure') return L.itemTitle.erasure(parts.slice(2).join(':'));
  return L.itemTitle.entry(parts[2] ?? '');
}

/** An item's key, its bundle's 64-digit hash cut to 12 (the JSON twin has the whole key): enough to find it, short enough to read. */
function shortSubject(subject: string): string {
  return subject.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/, '$1…');
}

function itemsTable(c: Ctx, L: AuditLabels, lang: ReportLang, items: ReportReviewItem[]): void {
  table(
    c,
    [
      { header: L.cols.item, width: 42 },
      { header: L.cols.severity, width: 11 },
      { header: L.cols.decision, width: 47 },
    ],
    items.map((i) => [
      `${itemTitle(L, i)}\n${L.engineQuote}${i.description}\n${shortSubject(i.subject)}`,
      i.severity ? { text: L.severity[i.severity], color: SEVERITY_COLOR[i.severity], bold: true } : L.none,
      decisionText(L, i, lang),
    ]),
  );
}

export async function renderAuditPdf(facts: AuditReportFacts, lang: ReportLang, opts: { signatureFile?: string } = {}): Promise<Buffer> {
  const L = AUDIT_LABELS[lang];
  const { c, bytes } = startPdf({
    lang,
    title: `${L.title} — ${facts.report_id}`,
    author: 'natalia-audit',
    subject: L.subtitle,
    keywords: `audit; findings; ${facts.bundles.map((b) => b.name).join('; ')}`,
    producer: `natalia-audit ${facts.workstation_version}`.trim(),
    date: new Date(facts.as_of),
  });
  const { doc } = c;
  const d = (iso: string | undefined) => (iso ? utcTime(iso) : L.none);

  doc.font('bold').fontSize(17).fillColor(COLOR.head).text(c.t(L.title), c.left, doc.y, { width: c.width });
  doc.font('body').fontSize(11).fillColor(COLOR.muted).text(c.t(L.subtitle), { width: c.width });
  doc.moveDown(0.6);
  pairs(
    c,
    [
      [L.meta.case, facts.case.name ? `${facts.case.name} (${facts.case.id})` : facts.case.id],
      [L.meta.asOf, `${longDate(facts.as_of, lang)} (${utcTime(facts.as_of)})`],
      [L.meta.reportId, facts.report_id],
      [L.meta.signer, facts.signer.kid],
    ],
    130,
  );

  heading(c, L.sections.summary);
  const blocking = facts.bundles.reduce((n, b) => n + b.findings.filter((f) => isBlocking(f.severity)).length, 0);
  paragraph(c, L.summary(facts.bundles.length, blocking, facts.review.decided.length, facts.review.undecided.length), { bold: true });
  for (const b of facts.bundles) paragraph(c, `${b.name}: ${L.verdict[b.verdict] ?? b.verdict}`, { color: VERDICT_COLOR[b.verdict] ?? COLOR.text, bold: true });

  heading(c, L.sections.scope);
  for (const b of facts.bundles) {
    pairs(c, [
      [L.bundle.name, `${b.name} (${b.form})`],
      [L.bundle.installation, b.installation_id ?? L.none],
      [L.bundle.exported, d(b.exported_at)],
      [L.bundle.sha256, b.sha256 ?? L.none],
      [L.bundle.tagmanifest, b.tagmanifest_sha256 ?? L.none],
      [L.bundle.entries, b.audit.first_seq !== undefined ? `${b.audit.entries} (seq ${b.audit.first_seq}–${b.audit.last_seq})` : String(b.audit.entries)],
      [
        L.bundle.trust,
        b.trust.roots.length > 0
          ? b.trust.roots.map((r) => `${r.kid}${r.label ? ` (${r.label})` : ''}\n${r.fingerprint ?? L.fingerprintMissing}`).join('\n')
          : L.noRoots,
      ],
      [L.bundle.verdict, L.verdict[b.verdict] ?? b.verdict],
    ]);
    doc.moveDown(0.4);
  }

  for (const b of facts.bundles) {
    heading(c, `${L.sections.checks} — ${b.name}`);
    table(
      c,
      [
        { header: L.cols.check, width: 24 },
        { header: L.cols.status, width: 13 },
        { header: L.cols.detail, width: 63 },
      ],
      // Each check by its words in the report's language (the screens' names), its id under them for the JSON twin and the CLI.
      b.checks.map((k) => [{ text: `${checkName(k.id, lang)}\n${k.id}`, bold: true }, { text: L.status[k.status], color: STATUS_COLOR[k.status], bold: true }, k.summary]),
    );

    heading(c, `${L.sections.findings} — ${b.name}`);
    if (b.findings.length === 0) paragraph(c, L.noFindings);
    else
      table(
        c,
        [
          { header: L.cols.severity, width: 10 },
          { header: L.cols.finding, width: 42 },
          { header: L.cols.place, width: 22, size: 7.5 },
          { header: L.cols.decision, width: 26 },
        ],
        b.findings.map((f) => [
          { text: L.severity[f.severity], color: SEVERITY_COLOR[f.severity], bold: true },
          findingText(L, lang, f),
          place(f, L.none),
          decisionText(L, { ...(f.decision ? { decision: f.decision } : {}), earlier: [], comments: f.comments }, lang),
        ]),
      );
  }

  heading(c, L.sections.review);
  if (facts.review.decided.length === 0) paragraph(c, L.noDecided);
  else itemsTable(c, L, lang, facts.review.decided);

  heading(c, L.sections.undecided);
  if (facts.review.undecided.length === 0) paragraph(c, L.noneUndecided);
  else {
    paragraph(c, L.undecidedIntro(facts.review.undecided.length));
    itemsTable(c, L, lang, facts.review.undecided);
  }
  if (facts.review.orphaned > 0) paragraph(c, L.orphaned(facts.review.orphaned), { color: COLOR.muted });
  if (facts.review.annotated.length > 0) {
    heading(c, L.sections.annotated);
    itemsTable(c, L, lang, facts.review.annotated);
  }

  heading(c, L.sections.reveals);
  const rv = facts.reveals;
  if (rv.total === 0) paragraph(c, L.noReveals);
  else {
    paragraph(c, L.revealsIntro(rv.total, rv.off_hours, rv.repeated_numbers));
    const kinds = Object.entries(rv.items_by_kind);
    if (kinds.length > 0) paragraph(c, kinds.map(([k, n]) => L.kindCount(L.reviewKinds[k as keyof typeof L.reviewKinds] ?? k, n)).join(' · '), { color: COLOR.muted });
    revealChart(c, L, rv.by_actor);
    table(
      c,
      [
        { header: L.cols.actor, width: 50 },
        { header: L.cols.reveals, width: 25 },
        { header: L.cols.offHours, width: 25 },
      ],
      rv.by_actor.map((a) => [a.actor, String(a.reveals), String(a.off_hours)]),
    );
  }

  heading(c, L.sections.erasures);
  if (facts.erasures.length === 0) paragraph(c, L.noErasures);
  else
    table(
      c,
      [
        { header: L.cols.certificate, width: 24 },
        { header: L.cols.received, width: 19 },
        { header: L.cols.due, width: 19 },
        { header: L.cols.executed, width: 19 },
        { header: L.cols.deadline, width: 19 },
      ],
      facts.erasures.map((e) => [
        `${e.certificate_id}${e.tenant ? `\n${e.tenant}` : ''}${e.findings ? `\n${L.erasureFindings(e.findings)}` : ''}`,
        d(e.received_at),
        d(e.due_before),
        d(e.executed_at),
        { text: L.erasureStatus[e.status], bold: true, color: e.status === 'late' ? '#b00020' : e.status === 'on_time' ? '#1b6e35' : '#7a5c00' },
      ]),
    );

  heading(c, L.sections.license);
  const licenses = facts.bundles.flatMap((b) => b.licenses.map((l) => ({ b, l })));
  if (licenses.length === 0) paragraph(c, L.noLicense);
  else
    table(
      c,
      [
        { header: L.cols.license, width: 46 },
        { header: L.cols.validity, width: 27 },
        { header: L.cols.trusted, width: 27 },
      ],
      licenses.map(({ b, l }) => [
        `${l.license_id ?? l.file}${l.customer ? ` — ${l.customer}` : ''}\n${b.name}`,
        `${l.status_at_export ? (L.licenseStatus[l.status_at_export] ?? l.status_at_export) : L.none}${l.expires_at ? `\n${L.licenseExpires(d(l.expires_at))}` : ''}`,
        { text: l.trusted ? L.yes : L.no, bold: true, color: l.trusted ? '#1b6e35' : '#b00020' },
      ]),
    );

  heading(c, L.sections.custody);
  paragraph(c, L.custody(facts.custody.entries, facts.custody.last_seq, d(facts.custody.last_at), facts.custody.last_hash, facts.custody.intact), {
    bold: !facts.custody.intact,
  });
  table(
    c,
    [
      { header: L.cols.action, width: 60 },
      { header: L.cols.count, width: 40 },
    ],
    Object.entries(facts.custody.actions).map(([a, n]) => [`${L.custodyActions[a as keyof AuditLabels['custodyActions']] ?? a}\n${a}`, String(n)]),
  );

  heading(c, L.sections.limits);
  bullets(c, facts.limits.map((k) => L.limits[k as keyof AuditLabels['limits']] ?? k));

  if (facts.annex) {
    heading(c, L.sections.annex);
    paragraph(c, L.annexIntro(facts.annex.tag, facts.annex.items.length));
    if (facts.annex.items.length > 0) itemsTable(c, L, lang, facts.annex.items);
  }

  // How a recipient checks it, in plain words: the same steps as every signed report of the workstation.
  heading(c, L.sections.signature);
  const words = REPORT_LABELS[lang].signature({
    file: opts.signatureFile ?? `${facts.report_id}.pdf.sig.json`,
    kid: facts.signer.kid,
    fingerprint: facts.signer.fingerprint,
    contact: undefined,
  });
  paragraph(c, words.intro);
  bullets(c, words.steps, { numbered: true });
  if (words.fingerprint) paragraph(c, words.fingerprint, { bold: true });

  finishPdf(c, (page, pages) => L.footer(facts.report_id, page, pages));
  return bytes;
}
