// The database dump of the appliance at export time (spec §5): every table
// derived from the plan and the simulation, CDRs streamed from the CDR model,
// reveals streamed from the spool the simulation wrote. Retention purges and
// erasures are applied by asking each CDR its fate.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HashingWriter, type WrittenFile } from './file-writer.js';
import { FIRST_CDR_ID } from './cdr-model.js';
import type { ExpectedFinding } from './options.js';
import { PgDumpWriter, type DumpForm } from './pg-dump.js';
import { roleAt, type Plan } from './plan.js';
import { Rng } from './random.js';
import type { SimulationOutcome, SpooledReveal } from './simulate.js';
import { DAY, HOUR, MINUTE, addMonths, utcDayStart } from './time.js';

export const DUMP_FILE = 'data/db/natalia.sql';

export interface DumpOutcome {
  file: WrittenFile;
  cdrRows: number;
  revealRows: number;
  fault?: ExpectedFinding;
}

export async function writeDump(path: string, plan: Plan, sim: SimulationOutcome, spoolPath: string): Promise<DumpOutcome> {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const rng = new Rng(`${plan.seed}/restrict`);
  const restrictKey = Array.from({ length: 63 }, () => alnum[rng.int(alnum.length)]).join('');
  const out = new HashingWriter(path);
  const pg = new PgDumpWriter(out, plan.dump as DumpForm, restrictKey);
  const cdr = plan.cdr;
  let fault: ExpectedFinding | undefined;
  let cdrRows = 0;
  let revealRows = 0;
  try {
    await pg.header();

    await pg.beginData('cdr');
    if (plan.fault === 'dump.retention_exceeded') {
      // A call the nightly purge missed, 40 days past the tenant's retention.
      const t = plan.tenants[0]!;
      const startedAt = utcDayStart(addMonths(plan.exportAt, -t.retentionMonths)) - 40 * DAY + 10 * HOUR + 17 * MINUTE;
      const sample = cdr.total > 0 ? cdr.row(0) : null;
      const line = await pg.row([
        FIRST_CDR_ID - 1,
        t.id,
        t.extensions[0]!.id,
        startedAt,
        312,
        'in',
        sample?.callerPseudonym ?? '0'.repeat(64),
        sample?.callerLast4 ?? '0000',
        sample?.calleePseudonym ?? '1'.repeat(64),
        sample?.calleeLast4 ?? '1111',
        'answered',
        null,
      ]);
      cdrRows++;
      fault = { code: 'dump.retention_exceeded', file: DUMP_FILE, line, description: `a call 40 days older than ${t.id}'s retention is still in the dump` };
    }
    for (let i = 0; i < cdr.total; i++) {
      if (cdr.fate(i).kind !== 'present') continue;
      const r = cdr.row(i);
      await pg.row([
        r.id,
        plan.tenants[r.tenantIndex]!.id,
        r.extensionId,
        r.startedAt,
        r.durationS,
        r.direction,
        r.callerPseudonym,
        r.callerLast4,
        r.calleePseudonym,
        r.calleeLast4,
        r.disposition,
        r.queue,
      ]);
      cdrRows++;
    }
    await pg.endData();

    await pg.beginData('erasures');
    for (const er of plan.erasures) {
      const seq = sim.executeSeq.get(er.index);
      if (seq === undefined) continue;
      const mismatch = plan.fault === 'dump.erasure_mismatch' && er.index === 0;
      const line = await pg.row([
        er.certificateId,
        plan.tenants[er.tenantIndex]!.id,
        er.extension.id,
        er.extension.pseudonym,
        er.receivedAt,
        sim.executedAt.get(er.index)!,
        er.cdrDeleted + (mismatch ? 1 : 0),
        seq,
      ]);
      if (mismatch) {
        fault = {
          code: 'dump.erasure_mismatch',
          file: DUMP_FILE,
          line,
          certificate_id: er.certificateId,
          description: 'the erasures table counts one more deleted call than the certificate',
        };
      }
    }
    await pg.endData();

    await pg.beginData('extensions');
    const leftOver = plan.fault === 'erasure.incomplete' ? plan.erasures[0]?.extension : undefined;
    for (const t of plan.tenants) {
      for (const x of t.extensions) {
        if (x.erasedAt !== Infinity && x !== leftOver) continue;
        const line = await pg.row([x.id, t.id, x.pseudonym, x.label, x.last4, t.createdAt + 10 * DAY]);
        if (x === leftOver) {
          fault = {
            code: 'erasure.incomplete',
            file: DUMP_FILE,
            line,
            certificate_id: plan.erasures[0]!.certificateId,
            description: 'the erased extension is still in the extensions table',
          };
        }
      }
    }
    await pg.endData();

    await pg.beginData('license_state');
    const current = plan.licenses.find((l) => l.current)!;
    const highWater = plan.fault === 'license.clock_tampering:high_water' ? plan.exportAt + 3 * DAY + 2 * HOUR : sim.highWater;
    const lsLine = await pg.row([1, current.id, sim.currentLicenseInstalledAt, highWater, plan.exportAt - MINUTE]);
    if (plan.fault === 'license.clock_tampering:high_water') {
      fault = { code: 'license.clock_tampering', file: DUMP_FILE, line: lsLine, description: "the clock's high-water mark is three days after the export" };
    }
    await pg.endData();

    await pg.beginData('reveals');
    const lines = createInterface({ input: createReadStream(spoolPath, 'utf8'), crlfDelay: Infinity });
    for await (const text of lines) {
      if (!text) continue;
      const r = JSON.parse(text) as SpooledReveal;
      if (cdr.fate(r[10]).kind !== 'present') continue;
      await pg.row([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]]);
      revealRows++;
    }
    await pg.endData();

    await pg.beginData('tenants');
    for (const t of plan.tenants) await pg.row([t.id, t.name, t.retentionMonths, t.createdAt]);
    await pg.endData();

    await pg.beginData('users');
    for (const u of [...plan.users, plan.integrator]) {
      await pg.row([u.id, u.tenant, u.username, roleAt(u, Infinity), u.createdAt, u.disabledAt === Infinity ? null : u.disabledAt]);
    }
    await pg.endData();

    await pg.footer();
  } catch (err) {
    out.abort();
    throw err;
  }
  return { file: await out.close(), cdrRows, revealRows, fault };
}
