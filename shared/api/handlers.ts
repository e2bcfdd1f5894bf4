// The API's behaviour, written once. The Electron main process and the web
// server both build their transport on `createDispatcher(createHandlers(...))`:
// a method name and an unknown argument in, a Result out. Evidence work is
// the engine's (through EnginePort); here live only validation, background
// jobs (import with progress and cancel) and error codes.
import { randomBytes } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import {
  isApiMethod,
  type DeliveredFile,
  type ReportDelivery,
  type ApiEvent,
  type ApiEvents,
  type ApiMethod,
  type ApiRequest,
  type ApiResponse,
  type FileSource,
  type ImportRequest,
  type CallLanguage,
} from './contract.js';
import type { EnginePort, GeneratedReport, ImportProgress, NamedPath } from './engine-port.js';
import type { FileDelivery, OutputFile, StagedFile } from './delivery.js';
import { auditCsvFileName, caiqFileName, caiqLibraryFileName, erasureFileName, publicKeyFileName, withExtension, writeOutputFiles } from './binding/report-files.js';
import { ApiFailure, fail, ok, type Result } from './result.js';
import { auditFileName } from './binding/audit-report.js';
import { PORTABLE_EXTENSION, portableFileName } from './binding/portable-case.js';
import { validateRequest } from './validate.js';
import { uploadLabel } from './source-label.js';
import { translateEngineError } from './engine-errors.js';
import { wordsOf } from './words.js';

/** What a handler knows of the call beside its request. */
export interface CallContext {
  /** The screens' language, for what the API writes for a person. */
  lang: CallLanguage;
}

export type ApiHandlers = { [M in ApiMethod]: (request: ApiRequest<M>, call: CallContext) => Promise<ApiResponse<M>> };

export type EmitEvent = <E extends ApiEvent>(event: E, payload: ApiEvents[E]) => void;

export interface HandlerContext {
  engine: EnginePort;
  emit: EmitEvent;
  /** Turns a source into a readable path; throws ApiFailure (e.g. `unsupported` for uploads in Electron). */
  resolveSource(source: FileSource): Promise<string>;
  version: string;
  initialCaseId?: string;
  /** Least time between two progress events of one job (ms). */
  progressIntervalMs?: number;
  /**
   * Where report files go: downloads (web mode) or a native save dialog
   * (desktop). Without it, asking for a report answers `unsupported`.
   */
  delivery?: FileDelivery;
}

/** What a report is, for the save dialog and the files' names. */
interface DeliveryRequest {
  /** The case the report comes from (its custody log records the delivery). */
  caseId?: string;
  title: string;
  defaultName: string;
  extension: string;
  filter: { name: string; extensions: string[] };
  /** Files the report must never replace (the case file, a workbook it fills). */
  inputs: string[];
}

function describeFile(f: OutputFile): DeliveredFile {
  return { name: f.name, role: f.role, mediaType: f.mediaType, bytes: f.content.length, sha256: f.sha256 };
}

/** A chosen file as the user knows it: an upload by its own name, a path by its last part. */
function sourceName(f: FileSource, path: string): string {
  return f.kind === 'upload' ? f.name : path.split(/[\\/]/).pop()!;
}

function describeStaged(f: StagedFile): DeliveredFile {
  return { name: f.name, role: f.role, mediaType: f.mediaType, bytes: f.bytes, sha256: f.sha256 };
}

export interface Handlers extends ApiHandlers {
  /** Cancels every running job and waits for them to settle (shutdown). */
  drain(): Promise<void>;
}

/**
 * An uploaded file as the user knows it. Its path is the server's private
 * copy, gone when the server stops; a case must not record that as where
 * the evidence came from.
 */

export function createHandlers(ctx: HandlerContext): Handlers {
  const jobs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const interval = ctx.progressIntervalMs ?? 100;

  function startImport(req: ImportRequest, bundlePath: string, trustPath: string | undefined, lang: CallLanguage): string {
    const labels = {
      ...(req.source.kind === 'upload' ? { bundleLabel: uploadLabel(req.source.name) } : {}),
      ...(req.trust?.kind === 'upload' ? { trustLabel: uploadLabel(req.trust.name) } : {}),
    };
    const jobId = randomBytes(12).toString('hex');
    const controller = new AbortController();
    let lastStage = '';
    let lastAt = 0;
    const onProgress = (p: ImportProgress) => {
      const now = Date.now();
      // Stage changes always go out; within a stage, at most one event per interval.
      if (p.stage === lastStage && now - lastAt < interval) return;
      lastStage = p.stage;
      lastAt = now;
      ctx.emit('job.progress', { jobId, ...p });
    };
    const done = ctx.engine
      .importBundle(req.caseId, bundlePath, { trustPath, ...labels, onProgress, signal: controller.signal })
      .then(
        ({ bundleId, verdict }) => ctx.emit('job.finished', { jobId, outcome: 'done', caseId: req.caseId, bundleId, verdict }),
        (e: unknown) => {
          if (controller.signal.aborted) ctx.emit('job.finished', { jobId, outcome: 'cancelled', caseId: req.caseId });
          else ctx.emit('job.finished', { jobId, outcome: 'failed', caseId: req.caseId, error: toApiError(e, lang) });
        },
      )
      .finally(() => jobs.delete(jobId));
    jobs.set(jobId, { controller, done });
    return jobId;
  }

  /** Sources made readable here, each with the name the user knows it by. */
  async function named(sources: FileSource[]): Promise<NamedPath[]> {
    const out: NamedPath[] = [];
    for (const f of sources) {
      const path = await ctx.resolveSource(f);
      out.push({ path, name: sourceName(f, path) });
    }
    return out;
  }

  /**
   * Makes a report and hands its files over the way this transport can:
   * the desktop asks where to save first (the report's name is part of
   * what is signed), web mode offers them as downloads. The case's custody
   * log then records each report file where it went.
   */
  async function deliver<R extends GeneratedReport>(
    req: DeliveryRequest,
    lang: CallLanguage,
    make: (fileName: string) => Promise<R>,
  ): Promise<{ delivered: ReportDelivery; report: R | null }> {
    const d = ctx.delivery;
    if (!d) throw new ApiFailure('unsupported', wordsOf(lang).errors.cannotSave);
    let dir: string | undefined;
    let fileName = req.defaultName;
    if (d.kind === 'save-dialog') {
      const chosen = await d.choose({ title: req.title, defaultName: req.defaultName, filters: [req.filter] });
      if (!chosen) return { delivered: { delivery: 'cancelled', files: [], notes: [] }, report: null };
      const path = withExtension(chosen, req.extension);
      dir = dirname(path);
      fileName = basename(path);
    }
    const report = await make(fileName);
    let files: DeliveredFile[];
    if (d.kind === 'save-dialog') {
      const paths = await writeOutputFiles(dir!, report.files, req.inputs);
      files = report.files.map((f, i) => ({ ...describeFile(f), path: paths[i]! }));
    } else {
      files = [];
      for (const f of report.files) files.push({ ...describeFile(f), downloadId: await d.offer(f) });
    }
    if (req.caseId !== undefined) {
      const recorded = report.files.flatMap((f, i) =>
        f.reportKind ? [{ ...(report.bundleId !== undefined ? { bundleId: report.bundleId } : {}), kind: f.reportKind, file: files[i]!.path ?? f.name, sha256: f.sha256 }] : [],
      );
      await ctx.engine.recordReports(req.caseId, recorded);
    }
    return { delivered: { delivery: d.kind === 'save-dialog' ? 'saved' : 'download', files, signedBy: report.signedBy, notes: report.notes }, report };
  }

  return {
    'app.info': async () => ({ version: ctx.version, workspace: ctx.engine.workspace, initialCaseId: ctx.initialCaseId }),
    'cases.list': () => ctx.engine.listCases(),
    'cases.create': (r, call) => ctx.engine.createCase(r.name.trim() || wordsOf(call.lang).errors.untitledCase),
    'cases.get': (r) => ctx.engine.getCase(r.caseId),
    'cases.parties': (r) => ctx.engine.caseParties(r.caseId),
    'cases.setParties': (r) => ctx.engine.setCaseParties(r),
    'bundles.import': async (r, call) => {
      await ctx.engine.getCase(r.caseId); // not_found before any work starts
      const bundlePath = await ctx.resolveSource(r.source);
      const trustPath = r.trust ? await ctx.resolveSource(r.trust) : undefined;
      return { jobId: startImport(r, bundlePath, trustPath, call.lang) };
    },
    'cases.exportPortable': async (r, call) => {
      const words = wordsOf(call.lang);
      const d = ctx.delivery;
      if (!d || (d.kind === 'download' && !d.offerFile)) throw new ApiFailure('unsupported', words.errors.cannotSave);
      const detail = await ctx.engine.getCase(r.caseId);
      const defaultName = portableFileName(detail.name, r.tag);
      let out: string | undefined;
      if (d.kind === 'save-dialog') {
        const chosen = await d.choose({
          title: r.tag ? words.dialog.savePart(r.tag) : words.dialog.saveCase,
          defaultName,
          filters: [{ name: words.dialog.filter.portable, extensions: [PORTABLE_EXTENSION.slice(1)] }],
        });
        if (!chosen) return { delivery: 'cancelled', files: [], notes: [] };
        out = withExtension(chosen, PORTABLE_EXTENSION);
        // A .natalia-case file among the cases would be listed as one of them.
        if (resolve(dirname(out)) === resolve(ctx.engine.workspace)) {
          throw new ApiFailure('invalid_request', `Save it outside the folder of your cases (${ctx.engine.workspace}): a file there would be listed as one of them.`);
        }
      }
      const w = await ctx.engine.exportPortable(r.caseId, { ...(out !== undefined ? { out } : {}), fileName: out !== undefined ? basename(out) : defaultName, ...(r.tag ? { tag: r.tag } : {}) });
      const part = w.part ? { part: w.part } : {};
      // What the file holds is said by the screen, in the user's language.
      const notes: string[] = [];
      if (d.kind === 'save-dialog') {
        const files: DeliveredFile[] = [
          { ...describeStaged(w.file), path: w.file.path },
          { ...describeFile(w.signature), path: w.file.path + '.sig.json' },
        ];
        return { delivery: 'saved', files, signedBy: w.signedBy, notes, ...part };
      }
      try {
        const fileId = await d.offerFile!(w.file);
        const sigId = await d.offer(w.signature);
        return { delivery: 'download', files: [{ ...describeStaged(w.file), downloadId: fileId }, { ...describeFile(w.signature), downloadId: sigId }], signedBy: w.signedBy, notes, ...part };
      } finally {
        w.discard();
      }
    },
    'cases.receivePortable': async (r) => {
      const path = await ctx.resolveSource(r.file);
      const signaturePath = r.signature ? await ctx.resolveSource(r.signature) : undefined;
      const keyPath = r.key ? await ctx.resolveSource(r.key) : undefined;
      if (!signaturePath && r.file.kind === 'upload') {
        throw new ApiFailure('invalid_request', `Choose the signature of ${r.file.name} too (${r.file.name}.sig.json, sent with it).`);
      }
      return ctx.engine.receivePortable(
        {
          path,
          name: sourceName(r.file, path),
          ...(signaturePath !== undefined && r.signature ? { signaturePath, signatureName: sourceName(r.signature, signaturePath) } : {}),
          ...(keyPath !== undefined && r.key ? { keyPath, keyName: sourceName(r.key, keyPath) } : {}),
        },
        r.name.trim(),
      );
    },
    'jobs.cancel': async (r) => {
      const job = jobs.get(r.jobId);
      if (!job) return { cancelled: false };
      job.controller.abort();
      return { cancelled: true };
    },
    'verification.get': (r) => ctx.engine.getVerification(r),
    'audit.query': (r) => ctx.engine.queryAudit(r),
    'audit.facets': (r) => ctx.engine.auditFacets(r),
    'audit.entry': (r) => ctx.engine.auditEntry(r, r.seq),
    'audit.locate': (r) => ctx.engine.locateAudit(r),
    'audit.export': async (r, call) => {
      const w = wordsOf(call.lang).dialog;
      const detail = await ctx.engine.getCase(r.caseId);
      const bundle = detail.bundles.find((b) => b.id === r.bundleId);
      const { delivered } = await deliver(
        {
          title: w.saveAuditEntries,
          defaultName: auditCsvFileName(bundle?.installationId ?? detail.name),
          extension: '.csv',
          filter: { name: w.filter.csv, extensions: ['csv'] },
          inputs: [detail.path],
        },
        call.lang,
        (fileName) => ctx.engine.auditExport(r, fileName),
      );
      return delivered;
    },
    'evidence.lines': (r) => ctx.engine.fileLines(r),
    'reveals.timeline': (r) => ctx.engine.revealTimeline(r),
    'reveals.register': (r) => ctx.engine.revealRegister(r, r.offset, r.limit),
    'reveals.review': (r) => ctx.engine.reviewItems(r),
    'erasures.list': (r) => ctx.engine.erasurePaths(r),
    'erasures.pending': (r) => ctx.engine.pendingErasures(r),
    'license.get': (r) => ctx.engine.licenseView(r),
    'replay.state': (r) => ctx.engine.replayState(r.caseId, r.at),
    'custody.list': (r, call) => ctx.engine.custodyLog(r.caseId, call.lang),
    'custody.check': (r) => ctx.engine.custodyCheck(r.caseId, r.deep),
    'bundles.exclude': (r) => ctx.engine.setBundleExcluded(r, true, r.reason),
    'bundles.include': (r) => ctx.engine.setBundleExcluded(r, false, ''),
    'bundles.reverify': (r) => ctx.engine.reverifyBundle(r),
    'caiq.list': (r) => ctx.engine.caiqQuestionnaire(r.caseId, r.version),
    'caiq.declare': async (r) => ctx.engine.declareCaiqAnswer(r, await named(r.attach ?? [])),
    'caiq.history': (r) => ctx.engine.caiqHistory(r.caseId, r.version, r.questionId),
    'caiq.exportLibrary': async (r, call) => {
      const w = wordsOf(call.lang).dialog;
      const detail = await ctx.engine.getCase(r.caseId);
      const { delivered } = await deliver(
        {
          title: w.saveLibrary,
          defaultName: caiqLibraryFileName(detail.name),
          extension: '.json',
          filter: { name: w.filter.library, extensions: ['json'] },
          inputs: [detail.path],
        },
        call.lang,
        (fileName) => ctx.engine.caiqLibraryFile(r.caseId, fileName),
      );
      return delivered;
    },
    'caiq.importLibrary': async (r) => {
      const [file] = await named([r.file]);
      return ctx.engine.importCaiqLibrary(r.caseId, file!, r.author);
    },
    'caiq.export': async (r, call) => {
      const w = wordsOf(call.lang).dialog;
      const detail = await ctx.engine.getCase(r.caseId);
      const [workbook] = await named(r.workbook ? [r.workbook] : []);
      const [answers] = await named(r.answers ? [r.answers] : []);
      const { delivered, report } = await deliver(
        {
          caseId: r.caseId,
          title: workbook ? w.saveCaiqFilled : w.saveCaiq,
          defaultName: caiqFileName(detail.name),
          extension: '.xlsx',
          filter: { name: w.filter.xlsx, extensions: ['xlsx'] },
          inputs: [detail.path, ...(workbook ? [workbook.path] : []), ...(answers ? [answers.path] : [])],
        },
        call.lang,
        (fileName) =>
          ctx.engine.caiqExport(r.caseId, {
            fileName,
            ...(workbook ? { workbook } : {}),
            ...(answers ? { answers } : {}),
            ...(r.version ? { version: r.version } : {}),
            ...(r.overwrite ? { overwrite: true } : {}),
            ...(r.nameDeclarant ? { nameDeclarant: true } : {}),
            ...(r.lang ? { lang: r.lang } : {}),
          }),
      );
      return { ...delivered, ...(report?.fill ? { fill: report.fill } : {}), ...(report ? { declared: report.declared } : {}) };
    },
    'erasures.report': async (r, call) => {
      const w = wordsOf(call.lang).dialog;
      const detail = await ctx.engine.getCase(r.caseId);
      const { delivered, report } = await deliver(
        {
          caseId: r.caseId,
          title: w.saveErasure,
          defaultName: erasureFileName(r.certificateId, r.lang),
          extension: '.pdf',
          filter: { name: w.filter.pdf, extensions: ['pdf'] },
          inputs: [detail.path],
        },
        call.lang,
        (fileName) => ctx.engine.erasureReport(r, fileName, call.lang),
      );
      return { ...delivered, conclusions: report?.conclusions ?? [] };
    },
    'reports.key': () => ctx.engine.workstationKey(),
    'trust.workstation': () => ctx.engine.workstationTrust(),
    'trust.inspect': async (r) => {
      const path = await ctx.resolveSource(r.file);
      return ctx.engine.inspectTrust(path, r.file.kind === 'upload' ? r.file.name : path);
    },
    'reports.verify': async (r) => {
      const reportPath = await ctx.resolveSource(r.report);
      const signaturePath = await ctx.resolveSource(r.signature);
      const keyPath = r.key ? await ctx.resolveSource(r.key) : undefined;
      return ctx.engine.checkReport({
        reportPath,
        reportName: sourceName(r.report, reportPath),
        signaturePath,
        ...(keyPath !== undefined && r.key ? { keyPath, keyName: sourceName(r.key, keyPath) } : {}),
      });
    },
    'reports.exportKey': async (_r, call) => {
      const w = wordsOf(call.lang).dialog;
      const key = await ctx.engine.workstationKey();
      const { delivered } = await deliver(
        {
          title: w.saveKey,
          defaultName: publicKeyFileName(key.kid),
          extension: '.json',
          filter: { name: w.filter.key, extensions: ['json'] },
          inputs: [],
        },
        call.lang,
        async (fileName) => {
          const file = await ctx.engine.publicKeyFile();
          return { files: [{ ...file, name: fileName }], signedBy: key.kid, notes: [] };
        },
      );
      return delivered;
    },
    'audit.report': async (r, call) => {
      const w = wordsOf(call.lang).dialog;
      const detail = await ctx.engine.getCase(r.caseId);
      const { delivered } = await deliver(
        {
          caseId: r.caseId,
          title: w.saveFindings,
          defaultName: auditFileName(detail.name, r.lang),
          extension: '.pdf',
          filter: { name: w.filter.pdf, extensions: ['pdf'] },
          inputs: [detail.path],
        },
        call.lang,
        (fileName) => ctx.engine.auditReport(r.caseId, r.lang, fileName, r.annexTag, call.lang),
      );
      return delivered;
    },
    'review.list': (r) => ctx.engine.reviewList(r.caseId, r.filter),
    'review.annotate': (r) => ctx.engine.reviewAnnotate(r),
    'review.history': (r) => ctx.engine.reviewHistory(r.caseId, r.subject),
    'views.list': (r) => ctx.engine.listViews(r.caseId, r.screen),
    'views.save': (r) => ctx.engine.saveView(r.caseId, r.screen, r.name, r.filter),
    'views.delete': (r) => ctx.engine.deleteView(r.caseId, r.screen, r.name),
    drain: async () => {
      const pending = [...jobs.values()];
      for (const j of pending) j.controller.abort();
      await Promise.allSettled(pending.map((j) => j.done));
    },
  };
}

/** `lang`: the screens' language the transport received with the call (English when absent). */
export type Dispatch = (method: unknown, request: unknown, lang?: CallLanguage) => Promise<Result<unknown>>;

/** The one entry point both transports call: unknown in, validated, Result out. */
export function createDispatcher(handlers: ApiHandlers): Dispatch {
  return async (method, request, lang = 'en') => {
    if (!isApiMethod(method)) return fail('unknown_method', `No API method named ${describe(method)}.`);
    const valid = validateRequest(method, request);
    if (!valid.ok) return fail('invalid_request', valid.message);
    try {
      const handler = handlers[method] as (r: unknown, call: CallContext) => Promise<unknown>;
      return ok(await handler(valid.value, { lang }));
    } catch (e) {
      return { ok: false, error: toApiError(e, lang) };
    }
  };
}

/** Errors become codes and plain messages; stacks never leave the process. */
export function toApiError(thrown: unknown, lang: CallLanguage = 'en'): { code: ApiFailure['code']; message: string } {
  const w = wordsOf(lang).errors;
  const e = translateEngineError(thrown);
  if (e instanceof ApiFailure) return { code: e.code, message: e.message };
  if (e instanceof Error && e.name === 'AbortError') return { code: 'cancelled', message: w.cancelled };
  // An unexpected failure's own text may name private paths (temporary folders, uploads): it stays in the process.
  const errno = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) {
    return { code: 'internal', message: w.fileIo(errno) };
  }
  const message = (e instanceof Error ? e.message : String(e)).replace(/(?:\/[^\s/'"]+){2,}/g, '(a file of the workstation)');
  return { code: 'internal', message: message || w.unexpected };
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : typeof v;
}
