// What the API itself says to a person, in each language the screens speak:
// dialog titles, the notes beside a report it made, the custody log's
// sentences and its own error messages. The screens send their language with
// every call (contract.ts, `CallLanguage`); the words are chosen here and
// nowhere else. The interface makes a sentence missing in one language a
// type error, and test/unit/api-words.test.ts checks French typography.
// The engine's findings, check summaries and error details are not here:
// they stay as the engine wrote them, which the CLI and the reports cite.
import { SHARED_ID_NOTE } from '../engine/reports/erasure-report.js';
import type { CallLanguage } from './contract.js';

type Details = Record<string, unknown>;

export interface ApiWords {
  dialog: {
    importBundle: string;
    importFolder: string;
    chooseTrust: string;
    saveAuditEntries: string;
    saveCaiqFilled: string;
    saveCaiq: string;
    saveErasure: string;
    saveKey: string;
    saveFindings: string;
    saveLibrary: string;
    saveCase: string;
    savePart: (tag: string) => string;
    filter: { bundles: string; trust: string; csv: string; xlsx: string; pdf: string; key: string; library: string; portable: string };
  };
  errors: {
    cancelled: string;
    cannotSave: string;
    fileIo: (errno: string) => string;
    unexpected: string;
    untitledCase: string;
  };
  auditReport: {
    summary: (v: { reportId: string; bundles: number; findings: number }) => string;
    allDecided: string;
    undecided: (count: number) => string;
  };
  erasureReport: {
    recordedExtension: (v: { certificateId: string; custodySeq: number | undefined }) => string;
    recordedReview: (v: { reviewer: string; custodySeq: number | undefined }) => string;
    usesExtension: (v: { certificateId: string; day: string; by: string }) => string;
    reviewedBy: (v: { reviewer: string; day: string }) => string;
    usesReview: (v: { reviewer: string; day: string }) => string;
    noReview: string;
    sharedId: string;
    check: Record<string, string>;
    checkFailed: (check: string) => string;
    checkNotProvided: (check: string) => string;
  };
  custody: {
    actor: (v: { user: string; host: string; version: string }) => string;
    report: Record<string, string>;
    action: Record<string, (d: Details) => string>;
  };
}

const s = (v: unknown) => String(v ?? '');
const fileOf = (v: unknown) => s(v).split(/[\\/]/).pop() ?? '';

const EN: ApiWords = {
  dialog: {
    importBundle: 'Import an evidence bundle',
    importFolder: 'Import a bag folder',
    chooseTrust: 'Choose the vendor trust roots',
    saveAuditEntries: 'Save the audit entries',
    saveCaiqFilled: 'Save the filled CAIQ workbook',
    saveCaiq: 'Save the CAIQ-Lite questionnaire',
    saveErasure: 'Save the erasure report',
    saveKey: 'Save the workstation public key',
    saveFindings: 'Save the findings report',
    saveLibrary: 'Save the answer library',
    saveCase: 'Save the case for a colleague',
    savePart: (tag) => `Save the part tagged ${tag} for a colleague`,
    filter: {
      bundles: 'Evidence bundles (.zip, .tar.gz)',
      trust: 'Trust roots (.json)',
      csv: 'CSV file (.csv)',
      xlsx: 'Excel workbook (.xlsx)',
      pdf: 'PDF document (.pdf)',
      key: 'Public key (.json)',
      library: 'Answer library (.json)',
      portable: 'Portable case (.natalia-case)',
    },
  },
  errors: {
    cancelled: 'Cancelled.',
    cannotSave: 'This window cannot save files.',
    fileIo: (errno) => `The workstation could not read or write one of its files (${errno}).`,
    unexpected: 'Unexpected error.',
    untitledCase: 'Untitled case',
  },
  auditReport: {
    summary: ({ reportId, bundles, findings }) => `${reportId}: ${bundles} bundle${bundles === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'} above info.`,
    allDecided: 'Every finding and review item has a decision.',
    undecided: (n) => `${n} item${n === 1 ? ' is' : 's are'} left undecided; the report lists them.`,
  },
  erasureReport: {
    recordedExtension: ({ certificateId, custodySeq }) => `Recorded the deadline extension of ${certificateId} in the case (custody entry ${custodySeq ?? '?'}).`,
    recordedReview: ({ reviewer, custodySeq }) => `Recorded the review by ${reviewer} in the case (custody entry ${custodySeq ?? '?'}).`,
    usesExtension: ({ certificateId, day, by }) => `Uses the deadline extension of ${certificateId} recorded in the case on ${day} by ${by}.`,
    reviewedBy: ({ reviewer, day }) => `Reviewed by ${reviewer} on ${day}.`,
    usesReview: ({ reviewer, day }) => `Uses the review by ${reviewer} recorded in the case on ${day}.`,
    noReview: 'No review is recorded in the case for this certificate: the report says so.',
    sharedId: SHARED_ID_NOTE,
    check: {
      bundle_integrity: 'bundle integrity',
      certificate_signature: 'certificate signature',
      audit_log_integrity: 'audit log integrity',
      audit_entries: 'audit entries',
      dump_absence: 'data absent from the database',
      dump_register: 'erasure register',
      deadline: 'deadline',
    },
    checkFailed: (c) => `${c} failed`,
    checkNotProvided: (c) => `${c} not provided`,
  },
  custody: {
    actor: ({ user, host, version }) => `${user} on ${host} (workstation ${version})`,
    report: {
      'caiq-workbook': 'CAIQ-Lite workbook',
      'caiq-csv': 'CAIQ-Lite CSV',
      'erasure-pdf': 'erasure report (PDF)',
      'erasure-json': 'erasure report (JSON)',
      'audit-pdf': 'findings report (PDF)',
      'audit-json': 'findings report (JSON)',
      'portable-case': 'portable case',
    },
    action: {
      'case.create': () => 'Case created',
      'bundle.import': (d) => `Bundle imported: ${s(d.name)}${d.verdict ? ` (verdict: ${s(d.verdict)})` : ''}`,
      'bundle.verify': (d) => `Bundle verified again: ${s(d.name)}${d.verdict ? ` (verdict: ${s(d.previous_verdict ?? '?')} before, ${s(d.verdict)} now)` : ''}`,
      'bundle.exclude': (d) => `Bundle excluded from the case: ${s(d.name)} (${s(d.reason)})`,
      'bundle.include': (d) => `Bundle counted again: ${s(d.name)}`,
      'report.create': (d) => `Report written: ${EN.custody.report[s(d.kind)] ?? s(d.kind)}, ${fileOf(d.file)}`,
      'answer.declare': (d) => `CAIQ answer declared: ${s(d.question_id)} ${s(d.answer)}${d.ownership ? ` (${s(d.ownership)})` : ''} by ${s(d.author)}, version ${s(d.version)}`,
      'review.record': (d) => (d.kind === 'deadline_extension' ? 'Erasure deadline extension recorded' : 'Erasure report review recorded'),
      'case.parties': (d) => `Controller and DPO set: ${s(d.controller || '(no controller)')}; ${s(d.dpo_name || '(no DPO)')}${d.dpo_contact ? `, ${s(d.dpo_contact)}` : ''}`,
      'note.add': () => 'Note added',
      'tag.add': (d) => `Tag added: ${s(d.tag)}`,
      'tag.remove': (d) => `Tag removed: ${s(d.tag)}`,
      'review.annotate': (d) => {
        const on = s(d.subject);
        switch (d.kind) {
          case 'decision':
            return `Decision on ${on}: ${s(d.value).replace(/_/g, ' ')} by ${s(d.reviewer)}${d.reason ? ` (${s(d.reason)})` : ''}`;
          case 'comment':
            return `Comment on ${on} by ${s(d.reviewer)}`;
          case 'tag':
          case 'untag':
            return `Tag ${d.kind === 'tag' ? 'added to' : 'removed from'} ${on}: ${s(d.value)}`;
          default:
            return `${d.kind === 'star' ? 'Starred' : 'Star removed from'} ${on}`;
        }
      },
      'view.save': (d) => (d.filter === null ? `Saved view deleted: ${s(d.name)}` : `View saved: ${s(d.name)} (${s(d.screen)})`),
      'case.export': (d) => `Exported for a colleague${d.tag ? ` (the part tagged ${s(d.tag)})` : ''}: ${fileOf(d.file)}`,
      'case.receive': (d) => `Opened from a colleague's file ${s(d.file)}, signed by key ${s(d.signed_by)}${d.signer_known ? '' : ' (a key nobody vouched for)'}`,
      'case.part': (d) => `The part tagged ${s(d.tag)}: the review of ${Array.isArray(d.subjects) ? d.subjects.length : 0} item(s); ${Array.isArray(d.withheld) ? d.withheld.length : 0} entries of other work withheld`,
      withheld: () => 'Withheld: left out of the part handed on (only its hash is kept)',
    },
  },
};

// As the screens name verdicts and decisions (renderer/src/i18n/locales/fr/common.json, review.json).
const VERDICT_FR: Record<string, string> = { trusted: 'fiable', problems: 'problèmes détectés', unverifiable: 'vérification impossible', partial: 'vérification partielle' };
const verdictFr = (v: unknown) => VERDICT_FR[s(v)] ?? s(v);
const DECISION_FR: Record<string, string> = { accepted: 'retenu', justified: 'justifié', needs_follow_up: 'à approfondir', false_positive: 'faux positif' };
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n < 2 ? one : many}`;

const FR: ApiWords = {
  dialog: {
    importBundle: 'Importer un lot de preuves',
    importFolder: 'Importer un dossier BagIt',
    chooseTrust: 'Choisir les racines de confiance de l’éditeur',
    saveAuditEntries: 'Enregistrer les entrées d’audit',
    saveCaiqFilled: 'Enregistrer le classeur CAIQ rempli',
    saveCaiq: 'Enregistrer le questionnaire CAIQ-Lite',
    saveErasure: 'Enregistrer le rapport d’effacement',
    saveKey: 'Enregistrer la clé publique du poste',
    saveFindings: 'Enregistrer le rapport de constats',
    saveLibrary: 'Enregistrer la bibliothèque de réponses',
    saveCase: 'Enregistrer le dossier pour un confrère',
    savePart: (tag) => `Enregistrer pour un confrère la partie étiquetée ${tag}`,
    filter: {
      bundles: 'Lots de preuves (.zip, .tar.gz)',
      trust: 'Racines de confiance (.json)',
      csv: 'Fichier CSV (.csv)',
      xlsx: 'Classeur Excel (.xlsx)',
      pdf: 'Document PDF (.pdf)',
      key: 'Clé publique (.json)',
      library: 'Bibliothèque de réponses (.json)',
      portable: 'Dossier portable (.natalia-case)',
    },
  },
  errors: {
    cancelled: 'Annulé.',
    cannotSave: 'Cette fenêtre ne peut pas enregistrer de fichiers.',
    fileIo: (errno) => `Le poste n’a pas pu lire ou écrire l’un de ses fichiers (${errno}).`,
    unexpected: 'Erreur inattendue.',
    untitledCase: 'Dossier sans nom',
  },
  auditReport: {
    summary: ({ reportId, bundles, findings }) => `${reportId}\u00a0: ${plural(bundles, 'lot', 'lots')}, ${plural(findings, 'constat', 'constats')} au-dessus du niveau info.`,
    allDecided: 'Chaque constat et chaque élément à examiner a une décision.',
    undecided: (n) => `${plural(n, 'élément reste', 'éléments restent')} sans décision\u00a0; le rapport les énumère.`,
  },
  erasureReport: {
    recordedExtension: ({ certificateId, custodySeq }) => `Prolongation de délai de ${certificateId} consignée dans le dossier (entrée de traçabilité ${custodySeq ?? '?'}).`,
    recordedReview: ({ reviewer, custodySeq }) => `Relecture par ${reviewer} consignée dans le dossier (entrée de traçabilité ${custodySeq ?? '?'}).`,
    usesExtension: ({ certificateId, day, by }) => `Reprend la prolongation de délai de ${certificateId} consignée dans le dossier le ${day} par ${by}.`,
    reviewedBy: ({ reviewer, day }) => `Relu par ${reviewer} le ${day}.`,
    usesReview: ({ reviewer, day }) => `Reprend la relecture par ${reviewer} consignée dans le dossier le ${day}.`,
    noReview: 'Aucune relecture n’est consignée dans le dossier pour ce certificat\u00a0: le rapport le dit.',
    sharedId:
      'Les relectures et les prolongations de délai sont conservées dans le dossier par identifiant de certificat ou pseudonyme, que plusieurs installations de ce dossier partagent\u00a0: aucune n’est reprise du dossier ni consignée pour ce rapport\u00a0; donnez-les avec les options du rapport.',
    check: {
      bundle_integrity: 'intégrité du lot',
      certificate_signature: 'signature du certificat',
      audit_log_integrity: 'intégrité du journal d’audit',
      audit_entries: 'entrées d’audit',
      dump_absence: 'absence des données dans la base',
      dump_register: 'registre des effacements',
      deadline: 'délai',
    },
    checkFailed: (c) => `${c}\u00a0: échec`,
    checkNotProvided: (c) => `${c}\u00a0: non fourni`,
  },
  custody: {
    actor: ({ user, host, version }) => `${user} sur ${host} (poste ${version})`,
    report: {
      'caiq-workbook': 'classeur CAIQ-Lite',
      'caiq-csv': 'CSV CAIQ-Lite',
      'erasure-pdf': 'rapport d’effacement (PDF)',
      'erasure-json': 'rapport d’effacement (JSON)',
      'audit-pdf': 'rapport de constats (PDF)',
      'audit-json': 'rapport de constats (JSON)',
      'portable-case': 'dossier portable',
    },
    action: {
      'case.create': () => 'Dossier créé',
      'bundle.import': (d) => `Lot importé\u00a0: ${s(d.name)}${d.verdict ? ` (verdict\u00a0: ${verdictFr(d.verdict)})` : ''}`,
      'bundle.verify': (d) => `Lot vérifié à nouveau\u00a0: ${s(d.name)}${d.verdict ? ` (verdict\u00a0: ${d.previous_verdict ? verdictFr(d.previous_verdict) : 'inconnu'} avant, ${verdictFr(d.verdict)} maintenant)` : ''}`,
      'bundle.exclude': (d) => `Lot exclu du dossier\u00a0: ${s(d.name)} (${s(d.reason)})`,
      'bundle.include': (d) => `Lot de nouveau pris en compte\u00a0: ${s(d.name)}`,
      'report.create': (d) => `Rapport écrit\u00a0: ${FR.custody.report[s(d.kind)] ?? s(d.kind)}, ${fileOf(d.file)}`,
      'answer.declare': (d) => `Réponse CAIQ déclarée\u00a0: ${s(d.question_id)} ${s(d.answer)}${d.ownership ? ` (${s(d.ownership)})` : ''} par ${s(d.author)}, version ${s(d.version)}`,
      'review.record': (d) => (d.kind === 'deadline_extension' ? 'Prolongation du délai d’effacement consignée' : 'Relecture du rapport d’effacement consignée'),
      'case.parties': (d) =>
        `Responsable du traitement et DPO renseignés\u00a0: ${s(d.controller || '(aucun responsable)')}\u00a0; ${s(d.dpo_name || '(aucun DPO)')}${d.dpo_contact ? `, ${s(d.dpo_contact)}` : ''}`,
      'note.add': () => 'Note ajoutée',
      'tag.add': (d) => `Étiquette ajoutée\u00a0: ${s(d.tag)}`,
      'tag.remove': (d) => `Étiquette retirée\u00a0: ${s(d.tag)}`,
      'review.annotate': (d) => {
        const on = s(d.subject);
        switch (d.kind) {
          case 'decision':
            return `Décision sur ${on}\u00a0: ${DECISION_FR[s(d.value)] ?? s(d.value).replace(/_/g, ' ')} par ${s(d.reviewer)}${d.reason ? ` (${s(d.reason)})` : ''}`;
          case 'comment':
            return `Commentaire sur ${on} par ${s(d.reviewer)}`;
          case 'tag':
          case 'untag':
            return `Étiquette ${d.kind === 'tag' ? 'ajoutée à' : 'retirée de'} ${on}\u00a0: ${s(d.value)}`;
          default:
            return `${d.kind === 'star' ? 'Étoile ajoutée à' : 'Étoile retirée de'} ${on}`;
        }
      },
      'view.save': (d) => (d.filter === null ? `Vue enregistrée supprimée\u00a0: ${s(d.name)}` : `Vue enregistrée\u00a0: ${s(d.name)} (${s(d.screen)})`),
      'case.export': (d) => `Exporté pour un confrère${d.tag ? ` (la partie étiquetée ${s(d.tag)})` : ''}\u00a0: ${fileOf(d.file)}`,
      'case.receive': (d) => `Ouvert depuis le fichier d’un confrère ${s(d.file)}, signé par la clé ${s(d.signed_by)}${d.signer_known ? '' : ' (une clé dont personne ne s’est porté garant)'}`,
      'case.part': (d) =>
        `La partie étiquetée ${s(d.tag)}\u00a0: la revue de ${Array.isArray(d.subjects) ? d.subjects.length : 0} élément(s)\u00a0; ${Array.isArray(d.withheld) ? d.withheld.length : 0} entrée(s) d’autres travaux retenue(s)`,
      withheld: () => 'Retenue\u00a0: laissée hors de la partie transmise (seule son empreinte est conservée)',
    },
  },
};

export const API_WORDS: Record<CallLanguage, ApiWords> = { en: EN, fr: FR };

/** The words of a call's language; English when the caller sent none (the CLI's tests, an older page). */
export function wordsOf(lang: CallLanguage | undefined): ApiWords {
  return API_WORDS[lang ?? 'en'];
}
