// The words of the erasure report, in French and English. Sentences are built
// from the facts' ids and values here, so the facts stay language-neutral and
// both languages say exactly the same thing.
import type { ActionKind, ErasureCheck, ErasureCheckId, ErasureTrust, EvidenceFile, FactStatus, LimitKey, OneErasure } from './facts-types.js';

export type ReportLang = 'fr' | 'en';

type V = ErasureCheck['values'];

export interface ReportLabels {
  title: string;
  subtitle: (scope: string) => string;
  meta: {
    case: string;
    installation: string;
    tenant: string;
    asOf: string;
    reportId: string;
    certificate: string;
    generated: string;
    controller: string;
    dpo: string;
    /** For a controller or DPO the case does not name. */
    notSet: string;
  };
  conclusion: Record<OneErasure['conclusion'], string>;
  summary: (e: OneErasure, fmtDate: (iso: string) => string) => string;
  sections: {
    request: string;
    actions: string;
    deleted: string;
    checks: string;
    deadline: string;
    evidence: string;
    review: string;
    limits: string;
    signature: string;
  };
  request: { reference: string; received: string; channel: string; requestedBy: string; recorded: string };
  channel: (c: string | undefined) => string;
  actionCols: { at: string; action: string; by: string; seq: string; detail: string };
  action: Record<ActionKind, string>;
  deleted: { subject: string; pseudonym: string; extension: string; cdr: string; reveals: string; method: string };
  method: (m: string | undefined) => string;
  checkCols: { check: string; result: string; detail: string };
  check: Record<ErasureCheckId, string>;
  status: Record<FactStatus, string>;
  checkDetail: (id: ErasureCheckId, status: FactStatus, v: V, e: OneErasure) => string;
  finding: string;
  deadline: {
    received: string;
    due: string;
    executed: string;
    taken: (days: number) => string;
    takenLabel: string;
    conclusion: (status: string) => string;
    extension: string;
    noExtension: string;
    extensionText: (by: string, at: string, reason: string, inTime: boolean, due: string) => string;
    status: Record<'on_time' | 'on_time_extended' | 'late' | 'unknown', string>;
  };
  evidenceCols: { role: string; file: string; sha256: string };
  evidenceRole: Record<EvidenceFile['role'], string>;
  review: { by: (who: string, at: string) => string; none: string; note: (text: string) => string };
  limits: Record<LimitKey, string>;
  /** How a recipient checks the signature, in plain words: an opening paragraph, then numbered steps. */
  signature: (s: SignatureWords) => { intro: string; steps: string[]; fingerprint: string };
  footer: (id: string, page: number, pages: number) => string;
  none: string;
  /** Shown for a directory bundle, which has no single hash (its files have). */
  noBundleHash: string;
  /** Shown for a file of an archive bundle, whose own hash the case does not keep. */
  inArchive: string;
  keyId: (kid: string) => string;
  /** What the verdict rests on: the trust source and each anchoring vendor root. */
  trust: {
    source: string;
    from: (t: ErasureTrust) => string;
    /** Column headers of the anchoring roots' table. */
    anchors: string;
    fingerprint: string;
    anchor: (a: ErasureTrust['anchors'][number]) => string;
    notRecorded: string;
    noAnchor: string;
  };
}

/** What the signature paragraph names. */
export interface SignatureWords {
  file: string;
  kid: string | undefined;
  fingerprint: string | undefined;
  /** Who to ask for the key and to contact: the DPO (with contact), else the controller, else undefined. */
  contact: string | undefined;
}

/** The fingerprint in groups of four, to read out over the telephone. */
export function groupedFingerprint(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

const CH_FR: Record<string, string> = { email: 'courriel', letter: 'courrier postal', portal: 'portail' };
const CH_EN: Record<string, string> = { email: 'e-mail', letter: 'postal letter', portal: 'portal' };

export const LABELS: Record<ReportLang, ReportLabels> = {
  fr: {
    title: "Rapport d'effacement de données personnelles",
    subtitle: (s) => `RGPD, article 17 — ${s}`,
    meta: {
      case: 'Dossier',
      installation: 'Installation',
      tenant: 'Locataire',
      asOf: 'Faits arrêtés au',
      reportId: 'Rapport',
      certificate: 'Certificat',
      generated: 'Rapport établi le',
      controller: 'Responsable du traitement',
      dpo: 'Délégué à la protection des données',
      notSet: 'non renseigné dans le dossier',
    },
    conclusion: {
      passed: 'Toutes les vérifications sont concluantes.',
      failed: 'Au moins une vérification a échoué : les preuves ne permettent pas de conclure à un effacement complet et dans les délais.',
      incomplete: "Aucune vérification n'a échoué, mais certaines n'ont pas pu être faites faute de preuve.",
    },
    summary: (e, d) =>
      `La demande ${e.request.reference ?? '(sans référence)'} reçue le ${e.request.received_at ? d(e.request.received_at) : '?'} ` +
      `a été exécutée le ${e.execution.executed_at ? d(e.execution.executed_at) : '?'} par ${e.execution.executed_by ?? '?'}` +
      (e.deadline.days_taken !== undefined ? `, ${e.deadline.days_taken} jour(s) après réception` : '') +
      `. L'appliance a supprimé le poste ${e.subject.label ?? e.subject.extension_id ?? '?'}, ${e.deleted.cdr ?? '?'} enregistrement(s) d'appel et ${e.deleted.reveals ?? '?'} révélation(s), et a signé le certificat ${e.certificate_id}.`,
    sections: {
      request: '1. La demande',
      actions: '2. Chronologie des actions',
      deleted: '3. Ce qui a été supprimé',
      checks: '4. Vérifications',
      deadline: '5. Délai de réponse (art. 12(3))',
      evidence: '6. Preuves et empreintes SHA-256',
      review: '7. Revue',
      limits: '8. Ce que ces preuves ne démontrent pas',
      signature: 'Comment vérifier ce rapport',
    },
    request: { reference: 'Référence', received: 'Reçue le', channel: 'Canal', requestedBy: 'Demandée par', recorded: 'Enregistrée dans le journal' },
    channel: (c) => (c ? (CH_FR[c] ?? c) : '—'),
    actionCols: { at: 'Date (UTC)', action: 'Action', by: 'Par', seq: 'Seq', detail: 'Détail' },
    action: {
      request_received: 'Demande reçue',
      request_recorded: 'Demande enregistrée',
      extension_notified: 'Prolongation notifiée',
      erasure_executed: 'Effacement exécuté',
      certificate_issued: 'Certificat émis',
      evidence_exported: 'Preuves exportées',
      report_reviewed: 'Rapport revu',
    },
    deleted: { subject: 'Personne concernée', pseudonym: 'Pseudonyme du poste', extension: 'Poste téléphonique', cdr: "Enregistrements d'appel (CDR)", reveals: 'Révélations de numéro', method: 'Méthode' },
    method: (m) => (m === 'hard-delete' ? 'suppression définitive des lignes (hard-delete)' : (m ?? '—')),
    checkCols: { check: 'Vérification', result: 'Résultat', detail: 'Détail' },
    check: {
      bundle_integrity: 'Intégrité du lot de preuves',
      certificate_signature: 'Signature du certificat',
      audit_log_integrity: "Intégrité du journal d'audit",
      audit_entries: "Entrées d'audit de la demande et de l'exécution",
      dump_absence: 'Absence des données dans la base exportée',
      dump_register: 'Registre des effacements de la base',
      deadline: "Délai d'un mois et prolongation",
    },
    status: { passed: 'Conforme', failed: 'Échec', not_provided: 'Non fourni' },
    checkDetail: (id, st, v) => {
      if (st === 'not_provided') {
        if (id === 'dump_absence' || id === 'dump_register') return "Le lot ne contient pas d'export de la base de données.";
        if (id === 'deadline') return "Dates de réception ou d'exécution absentes.";
        if (id === 'audit_entries' && v.request_purged) return `La demande (seq ${v.request_seq}) est antérieure à la partie conservée du journal (purge de rétention).`;
        return "La preuve nécessaire n'est pas dans le lot.";
      }
      switch (id) {
        case 'bundle_integrity':
          return st === 'passed' ? `Chaque fichier du lot ${v.bundle} correspond à son manifeste SHA-256 signé par l'appliance.` : `Des fichiers du lot ${v.bundle} ont été modifiés après l'export.`;
        case 'certificate_signature':
          return st === 'passed' ? `Signature Ed25519 valide, clé d'audit ${v.kid} autorisée à la date d'émission.` : `Signature non valide (${v.verdict}).`;
        case 'audit_log_integrity':
          return st === 'passed' ? `Chaîne de hachage, signatures, clés et sceau intacts (seq ${v.first_seq} à ${v.last_seq}).` : "Le journal d'audit ne vérifie pas : ses entrées ne peuvent pas être tenues pour authentiques.";
        case 'audit_entries':
          return st === 'passed'
            ? `Demande à la seq ${v.request_seq} et exécution à la seq ${v.execute_seq} présentes, conformes au certificat (empreinte de l'exécution identique).`
            : `Entrées absentes ou en désaccord avec le certificat (demande trouvée : ${v.request_found ? 'oui' : 'non'}, exécution trouvée : ${v.execute_found ? 'oui' : 'non'}, empreinte identique : ${v.execute_hash_matches ? 'oui' : 'non'}).`;
        case 'dump_absence':
          return st === 'passed'
            ? "La base exportée ne contient plus ni le poste, ni ses enregistrements d'appel, ni leurs révélations."
            : `La base exportée contient encore : poste ${v.extension_rows}, CDR ${v.cdr_rows}, révélations ${v.reveal_rows}.`;
        case 'dump_register':
          return st === 'passed'
            ? `Ligne ${v.line} de la table erasures conforme au certificat (${v.cdr_deleted} CDR, seq ${v.audit_seq}).`
            : 'La table erasures ne contient pas de ligne conforme à ce certificat.';
        case 'deadline':
          if (v.status === 'on_time_extended') return 'Exécuté après un mois mais dans le délai prolongé, la personne ayant été informée dans le premier mois.';
          if (st === 'passed') return `Exécuté en ${v.days_taken} jour(s), dans le délai d'un mois.`;
          if (v.status === 'on_time') return "Le vérificateur a signalé un retard que ce calcul ne retrouve pas : à examiner.";
          return `Exécuté en ${v.days_taken} jour(s), au-delà du délai d'un mois${v.status === 'late' ? ' sans prolongation valable' : ''}.`;
      }
    },
    finding: 'Constat',
    deadline: {
      received: 'Demande reçue',
      due: 'Échéance (un mois, heure de Paris)',
      executed: 'Effacement exécuté',
      taken: (d) => `${d} jour(s)`,
      takenLabel: 'Durée',
      conclusion: (st) => `Conclusion : ${st}`,
      extension: 'Prolongation',
      noExtension: 'Aucune prolongation déclarée.',
      extensionText: (by, at, reason, inTime, due) =>
        `Décidée par ${by}, personne informée le ${at} (${inTime ? 'dans le premier mois' : 'APRÈS le premier mois : prolongation non valable'}). Motif : ${reason.replace(/[.\s]+$/, '')}. Nouvelle échéance : ${due}.`,
      status: { on_time: 'Dans le délai', on_time_extended: 'Dans le délai prolongé', late: 'En retard', unknown: 'Indéterminé' },
    },
    evidenceCols: { role: 'Pièce', file: 'Fichier', sha256: 'SHA-256' },
    evidenceRole: {
      bundle: 'Lot de preuves (tel que reçu)',
      bundle_signature: 'Signature du lot',
      certificate: "Certificat d'effacement",
      audit_log: "Journal d'audit (CSV)",
      audit_log_jsonl: "Journal d'audit (JSON lines)",
      audit_seal: 'Sceau du journal',
      dump: 'Export de la base de données',
      license: 'Licence (autorise la clé de signature)',
    },
    review: { by: (w, a) => `Revu par ${w} le ${a}.`, none: "Ce rapport n'a pas encore été revu.", note: (t) => `Note : ${t}` },
    limits: {
      backups: "Les sauvegardes de la base faites avant l'effacement peuvent encore contenir ces données jusqu'à leur expiration ; elles ne sont pas dans ces preuves.",
      copies_outside:
        "Les copies faites hors de l'appliance (exports CSV de CDR, rapports, courriels, autres systèmes comme l'autocommutateur ou le CRM) ne sont pas couvertes.",
      dump_moment: "L'absence dans la base est constatée au moment de l'export, pas avant ni après.",
      appliance_records:
        "Ces preuves sont les enregistrements signés de l'appliance elle-même : elles montrent ce qu'elle a enregistré et supprimé de sa base, pas l'effacement physique des supports.",
      kept_by_design:
        "Par conception, les entrées du journal d'audit et les lignes du registre des révélations qui concernent le poste sont conservées (sous pseudonyme) selon la durée de rétention du journal.",
      identity_check: "Elles ne montrent pas comment l'identité du demandeur a été vérifiée.",
      request_purged: "L'entrée d'audit de la demande a été purgée par la rétention : seule sa trace dans le certificat subsiste.",
    },
    signature: (w) => ({
      intro: `Ce rapport est accompagné d'un fichier de signature, ${w.file}, établi avec la clé du poste d'audit qui l'a produit${w.kid ? ` (identifiant ${w.kid})` : ''}. Conservez les deux fichiers ensemble : la signature montre que ce PDF n'a pas été modifié, pas même d'un caractère, depuis sa signature, et quelle clé l'a signé.`,
      steps: [
        `Demandez ${w.contact ? `à ${w.contact}` : "à l'expéditeur"} le fichier de la clé publique du poste, par un canal de confiance (remis en main propre, ou confirmé par téléphone), et non par le même courriel que ce rapport.`,
        'Dans le Natalia Auditor Workstation, écran Dossiers, « Vérifier un rapport reçu », choisissez ce PDF, son fichier de signature et ce fichier de clé publique (toute personne qui dispose du poste peut le faire, votre propre auditeur par exemple).',
        `Il répond « Valide » seulement si ce PDF est exactement celui qui a été signé, par cette clé. Toute autre réponse signifie que le rapport ne peut pas être tenu pour celui envoyé : contactez ${w.contact ?? "l'expéditeur"}.`,
      ],
      fingerprint: w.fingerprint
        ? `Empreinte de la clé, à comparer lorsqu'on vous la lit : ${groupedFingerprint(w.fingerprint)}.`
        : '',
    }),
    footer: (id, p, n) => `${id} — page ${p} / ${n}`,
    none: '—',
    noBundleHash: "dossier : pas d'empreinte d'ensemble, voir celles de ses fichiers",
    inArchive: "dans l'archive ci-dessus (couvert par son empreinte et par le manifeste signé)",
    keyId: (k) => `clé ${k}`,
    trust: {
      source: 'Racines de confiance',
      from: (t) =>
        t.source === 'workstation_store'
          ? `le magasin de confiance du poste d'audit : ${t.location}`
          : t.source === 'file'
            ? `un fichier choisi à l'import : ${t.location}`
            : `non enregistré par la version qui a vérifié ce lot : ${t.location}`,
      anchors: 'Racine du fournisseur qui fonde ces vérifications',
      fingerprint: 'Empreinte SHA-256 de sa clé publique',
      anchor: (a) => `${a.kid}${a.label ? `\n${a.label}` : ''}`,
      notRecorded: 'non enregistrée par la version qui a vérifié ce lot',
      noAnchor:
        "aucune racine du fournisseur : rien dans ce lot n'est rattaché au fournisseur ; les vérifications ci-dessus montrent seulement sa cohérence interne.",
    },
  },
  en: {
    title: 'Personal data erasure report',
    subtitle: (s) => `GDPR, Article 17 — ${s}`,
    meta: {
      case: 'Case',
      installation: 'Installation',
      tenant: 'Tenant',
      asOf: 'Facts as of',
      reportId: 'Report',
      certificate: 'Certificate',
      generated: 'Report made on',
      controller: 'Controller',
      dpo: 'Data protection officer',
      notSet: 'not set in the case',
    },
    conclusion: {
      passed: 'Every check passed.',
      failed: 'At least one check failed: the evidence does not show a complete erasure within the deadline.',
      incomplete: 'No check failed, but some could not be made for lack of evidence.',
    },
    summary: (e, d) =>
      `Request ${e.request.reference ?? '(no reference)'}, received on ${e.request.received_at ? d(e.request.received_at) : '?'}, ` +
      `was executed on ${e.execution.executed_at ? d(e.execution.executed_at) : '?'} by ${e.execution.executed_by ?? '?'}` +
      (e.deadline.days_taken !== undefined ? `, ${e.deadline.days_taken} day(s) after receipt` : '') +
      `. The appliance deleted extension ${e.subject.label ?? e.subject.extension_id ?? '?'}, ${e.deleted.cdr ?? '?'} call record(s) and ${e.deleted.reveals ?? '?'} reveal(s), and signed certificate ${e.certificate_id}.`,
    sections: {
      request: '1. The request',
      actions: '2. Timeline of actions',
      deleted: '3. What was deleted',
      checks: '4. Checks',
      deadline: '5. Response deadline (Art. 12(3))',
      evidence: '6. Evidence and SHA-256 hashes',
      review: '7. Review',
      limits: '8. What this evidence does not prove',
      signature: 'How to check this report',
    },
    request: { reference: 'Reference', received: 'Received', channel: 'Channel', requestedBy: 'Requested by', recorded: 'Recorded in the audit log' },
    channel: (c) => (c ? (CH_EN[c] ?? c) : '—'),
    actionCols: { at: 'Time (UTC)', action: 'Action', by: 'By', seq: 'Seq', detail: 'Detail' },
    action: {
      request_received: 'Request received',
      request_recorded: 'Request recorded',
      extension_notified: 'Extension notified',
      erasure_executed: 'Erasure executed',
      certificate_issued: 'Certificate issued',
      evidence_exported: 'Evidence exported',
      report_reviewed: 'Report reviewed',
    },
    deleted: { subject: 'Data subject', pseudonym: 'Extension pseudonym', extension: 'Telephone extension', cdr: 'Call detail records (CDRs)', reveals: 'Number reveals', method: 'Method' },
    method: (m) => (m === 'hard-delete' ? 'rows permanently deleted (hard-delete)' : (m ?? '—')),
    checkCols: { check: 'Check', result: 'Result', detail: 'Detail' },
    check: {
      bundle_integrity: 'Integrity of the evidence bundle',
      certificate_signature: 'Certificate signature',
      audit_log_integrity: 'Integrity of the audit log',
      audit_entries: 'Audit entries of the request and the execution',
      dump_absence: 'Data absent from the exported database',
      dump_register: "Database's register of erasures",
      deadline: 'One-month deadline and extension',
    },
    status: { passed: 'Passed', failed: 'Failed', not_provided: 'Not provided' },
    checkDetail: (id, st, v) => {
      if (st === 'not_provided') {
        if (id === 'dump_absence' || id === 'dump_register') return 'The bundle holds no database export.';
        if (id === 'deadline') return 'Time of receipt or execution missing.';
        if (id === 'audit_entries' && v.request_purged) return `The request (seq ${v.request_seq}) predates the part of the log still kept (retention purge).`;
        return 'The evidence needed is not in the bundle.';
      }
      switch (id) {
        case 'bundle_integrity':
          return st === 'passed' ? `Every file of bundle ${v.bundle} matches its SHA-256 manifest signed by the appliance.` : `Files of bundle ${v.bundle} were changed after export.`;
        case 'certificate_signature':
          return st === 'passed' ? `Valid Ed25519 signature, audit key ${v.kid} allowed at the time of issue.` : `Signature not valid (${v.verdict}).`;
        case 'audit_log_integrity':
          return st === 'passed' ? `Hash chain, signatures, keys and seal intact (seq ${v.first_seq} to ${v.last_seq}).` : 'The audit log does not verify: its entries cannot be taken as genuine.';
        case 'audit_entries':
          return st === 'passed'
            ? `Request at seq ${v.request_seq} and execution at seq ${v.execute_seq} present and matching the certificate (same execution hash).`
            : `Entries missing or disagreeing with the certificate (request found: ${v.request_found ? 'yes' : 'no'}, execution found: ${v.execute_found ? 'yes' : 'no'}, same hash: ${v.execute_hash_matches ? 'yes' : 'no'}).`;
        case 'dump_absence':
          return st === 'passed'
            ? 'The exported database no longer holds the extension, its call records or their reveals.'
            : `The exported database still holds: extension ${v.extension_rows}, CDRs ${v.cdr_rows}, reveals ${v.reveal_rows}.`;
        case 'dump_register':
          return st === 'passed'
            ? `Row at line ${v.line} of the erasures table matches the certificate (${v.cdr_deleted} CDRs, seq ${v.audit_seq}).`
            : 'The erasures table holds no row matching this certificate.';
        case 'deadline':
          if (v.status === 'on_time_extended') return 'Executed after one month but within the extended deadline; the data subject was told within the first month.';
          if (st === 'passed') return `Executed in ${v.days_taken} day(s), within one month.`;
          if (v.status === 'on_time') return 'The verifier flagged a delay this computation does not find: to be examined.';
          return `Executed in ${v.days_taken} day(s), past the one-month deadline${v.status === 'late' ? ' with no valid extension' : ''}.`;
      }
    },
    finding: 'Finding',
    deadline: {
      received: 'Request received',
      due: 'Deadline (one month, Paris time)',
      executed: 'Erasure executed',
      taken: (d) => `${d} day(s)`,
      takenLabel: 'Time taken',
      conclusion: (st) => `Conclusion: ${st}`,
      extension: 'Extension',
      noExtension: 'No extension declared.',
      extensionText: (by, at, reason, inTime, due) =>
        `Decided by ${by}; data subject told on ${at} (${inTime ? 'within the first month' : 'AFTER the first month: extension not valid'}). Reason: ${reason.replace(/[.\s]+$/, '')}. New deadline: ${due}.`,
      status: { on_time: 'On time', on_time_extended: 'Within the extended deadline', late: 'Late', unknown: 'Undetermined' },
    },
    evidenceCols: { role: 'Item', file: 'File', sha256: 'SHA-256' },
    evidenceRole: {
      bundle: 'Evidence bundle (as received)',
      bundle_signature: 'Bundle signature',
      certificate: 'Erasure certificate',
      audit_log: 'Audit log (CSV)',
      audit_log_jsonl: 'Audit log (JSON lines)',
      audit_seal: 'Audit log seal',
      dump: 'Database export',
      license: 'Licence (grants the signing key)',
    },
    review: { by: (w, a) => `Reviewed by ${w} on ${a}.`, none: 'This report has not been reviewed yet.', note: (t) => `Note: ${t}` },
    limits: {
      backups: 'Backups of the database made before the erasure may still hold this data until they expire; they are not part of this evidence.',
      copies_outside:
        'Copies made outside the appliance (CDR CSV exports, reports, e-mails, other systems such as the PBX or a CRM) are not covered.',
      dump_moment: 'Absence from the database is observed at the time of export, not before or after.',
      appliance_records:
        "This evidence is the appliance's own signed records: it shows what the appliance recorded and deleted from its database, not the physical erasure of storage media.",
      kept_by_design:
        'By design, audit log entries and reveal register rows about the extension are kept (pseudonymised) for the audit log retention period.',
      identity_check: "It does not show how the requester's identity was checked.",
      request_purged: "The request's audit entry was purged by retention: only its trace in the certificate remains.",
    },
    signature: (w) => ({
      intro: `This report comes with a signature file, ${w.file}, made with the key of the audit workstation that produced it${w.kid ? ` (key id ${w.kid})` : ''}. Keep the two files together: the signature shows that this PDF has not been changed, not even by one character, since it was signed, and which key signed it.`,
      steps: [
        `Ask ${w.contact ?? 'the sender'} for the workstation's public key file, by a channel you trust (handed over in person, or confirmed by telephone), not by the same e-mail as this report.`,
        'In the Natalia Auditor Workstation, on the Cases screen, use "Check a report you received" with this PDF, its signature file and that public key file (anyone who holds the workstation can do it, your own auditor for instance).',
        `It answers "Valid" only if this PDF is exactly the one signed, by that key. Any other answer means the report cannot be taken as the one sent: contact ${w.contact ?? 'the sender'}.`,
      ],
      fingerprint: w.fingerprint ? `The key's fingerprint, to compare when it is read out to you: ${groupedFingerprint(w.fingerprint)}.` : '',
    }),
    footer: (id, p, n) => `${id} — page ${p} of ${n}`,
    none: '—',
    noBundleHash: 'folder: no single hash, see those of its files',
    inArchive: 'inside the archive above (covered by its hash and by the signed manifest)',
    keyId: (k) => `key ${k}`,
    trust: {
      source: 'Vendor roots from',
      from: (t) =>
        t.source === 'workstation_store'
          ? `the audit workstation's trust store: ${t.location}`
          : t.source === 'file'
            ? `a file chosen with the import: ${t.location}`
            : `not recorded by the version that verified this bundle: ${t.location}`,
      anchors: 'Vendor root these checks rest on',
      fingerprint: 'SHA-256 fingerprint of its public key',
      anchor: (a) => `${a.kid}${a.label ? `\n${a.label}` : ''}`,
      notRecorded: 'not recorded by the version that verified this bundle',
      noAnchor: 'no vendor root: nothing in this bundle is anchored to the vendor; the checks above show only that it is consistent in itself.',
    },
  },
};

const MONTHS: Record<ReportLang, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "28 février 2026" / "28 February 2026", from the UTC date (no runtime locale data involved). */
export function longDate(iso: string, lang: ReportLang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[lang][d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "2026-02-28 14:00:00 UTC": unambiguous in both languages. */
export function utcTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
