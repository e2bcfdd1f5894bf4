import type { ReviewKind } from '../../replay/types.js';
import type { CustodyAction } from '../../case/custody-log.js';
// The findings report's words, French and English. Codes, keys, hashes and
// names stay as the evidence has them; the sentences around them are here.
import type { Decision } from '../../../model/review-subject.js';
import type { Severity } from '../../../model/findings.js';
import type { CheckStatus } from '../../../model/verification.js';
import type { ReportLang } from '../erasure/labels.js';
import type { AUDIT_LIMITS } from './build-facts.js';
import type { ReportErasure } from './facts-types.js';

export interface AuditLabels {
  title: string;
  subtitle: string;
  meta: { case: string; asOf: string; reportId: string; bundles: string; signer: string };
  sections: {
    summary: string;
    scope: string;
    checks: string;
    findings: string;
    review: string;
    undecided: string;
    annotated: string;
    reveals: string;
    erasures: string;
    license: string;
    custody: string;
    limits: string;
    annex: string;
    signature: string;
  };
  summary: (bundles: number, blocking: number, decided: number, undecided: number) => string;
  bundle: { name: string; sha256: string; tagmanifest: string; installation: string; exported: string; verdict: string; trust: string; entries: string };
  noRoots: string;
  fingerprintMissing: string;
  verdict: Record<string, string>;
  status: Record<CheckStatus, string>;
  severity: Record<Severity, string>;
  cols: { check: string; status: string; detail: string; severity: string; finding: string; place: string; decision: string; item: string; actor: string; reveals: string; offHours: string; certificate: string; received: string; due: string; executed: string; deadline: string; license: string; validity: string; trusted: string; action: string; count: string };
  noFindings: string;
  decision: Record<Decision, string>;
  decidedBy: (who: string, at: string) => string;
  earlier: (n: number) => string;
  comment: (who: string, at: string, text: string) => string;
  tags: (tags: string[]) => string;
  noneUndecided: string;
  undecidedIntro: (n: number) => string;
  noDecided: string;
  orphaned: (n: number) => string;
  revealsIntro: (total: number, offHours: number, repeated: number) => string;
  /** Every kind of review item the replay raises (a new kind must be named here, in both languages). */
  reviewKinds: Record<ReviewKind, string>;
  kindCount: (kind: string, n: number) => string;
  chartTitle: string;
  noReveals: string;
  erasureStatus: Record<ReportErasure['status'], string>;
  noErasures: string;
  erasureFindings: (n: number) => string;
  licenseStatus: Record<string, string>;
  licenseExpires: (at: string) => string;
  /** What each kind of custody entry records, in words (the code follows in the table). */
  custodyActions: Record<CustodyAction | 'withheld', string>;
  noLicense: string;
  yes: string;
  no: string;
  custody: (entries: number, seq: number, at: string, hash: string, intact: boolean) => string;
  limits: Record<(typeof AUDIT_LIMITS)[number], string>;
  annexIntro: (tag: string, n: number) => string;
  footer: (id: string, page: number, pages: number) => string;
  none: string;
  /** Before an engine text kept in its original English words (empty in English). */
  engineQuote: string;
  /** Titles of what the review lists, in this language (null: the engine's own title). */
  itemTitle: {
    review: Record<ReviewKind, string> | null;
    erasure: (certificate: string) => string;
    entry: (seq: string) => string;
  } | null;
}

const EN: AuditLabels = {
  engineQuote: '',
  itemTitle: null,
  title: 'Audit findings report',
  subtitle: 'Natalia On-Premise evidence, verified offline by the Natalia auditor workstation',
  meta: { case: 'Case', asOf: 'As of', reportId: 'Report id', bundles: 'Bundles', signer: 'Signed by workstation key' },
  sections: {
    summary: 'Summary',
    scope: 'Scope: the evidence examined',
    checks: 'Checks',
    findings: 'Findings above info',
    review: "The auditor's decisions",
    undecided: 'Left undecided',
    annotated: 'Erasures and entries annotated',
    reveals: 'Phone-number reveals',
    erasures: 'Erasures (GDPR art. 17)',
    license: 'License status',
    custody: 'Chain of custody',
    limits: 'What this evidence does not show',
    annex: 'Annex: tagged items',
    signature: 'How to check this report',
  },
  summary: (b, blocking, d, u) =>
    `${b} bundle${b === 1 ? '' : 's'} examined; ${blocking} finding${blocking === 1 ? '' : 's'} of medium severity or above. ` +
    `The auditor decided on ${d} item${d === 1 ? '' : 's'}; ${u} ${u === 1 ? 'is' : 'are'} left undecided.`,
  bundle: { name: 'Bundle', sha256: 'SHA-256 (archive)', tagmanifest: 'Tag manifest SHA-256', installation: 'Installation', exported: 'Exported', verdict: 'Verdict', trust: 'Trust roots', entries: 'Audit entries' },
  noRoots: 'none: no license could be trusted',
  fingerprintMissing: 'fingerprint not recorded',
  verdict: { trusted: 'TRUSTED', problems: 'PROBLEMS', unverifiable: 'UNVERIFIABLE', partial: 'PARTIAL (fast check only)' },
  status: { passed: 'passed', failed: 'failed', not_provided: 'not provided' },
  severity: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' },
  cols: {
    check: 'Check', status: 'Result', detail: 'Detail', severity: 'Severity', finding: 'Finding and meaning', place: 'Where', decision: 'Decision',
    item: 'Item', actor: 'Actor', reveals: 'Reveals', offHours: 'Outside hours', certificate: 'Certificate', received: 'Received', due: 'Due before',
    executed: 'Executed', deadline: 'Deadline', license: 'License', validity: 'At export', trusted: 'Trusted root', action: 'Custody action', count: 'Entries',
  },
  noFindings: 'No finding above info.',
  decision: { accepted: 'Accepted', justified: 'Justified', needs_follow_up: 'Needs follow-up', false_positive: 'False positive' },
  decidedBy: (who, at) => `by ${who}, ${at}`,
  earlier: (n) => `${n} earlier decision${n === 1 ? '' : 's'} replaced`,
  comment: (who, at, text) => `${who}, ${at}: ${text}`,
  tags: (t) => `Tags: ${t.join(', ')}`,
  noneUndecided: 'Every finding above info and every review item has a decision.',
  undecidedIntro: (n) => `${n} item${n === 1 ? '' : 's'} ha${n === 1 ? 's' : 've'} no decision yet:`,
  noDecided: 'No decision has been recorded.',
  orphaned: (n) => `${n} review${n === 1 ? ' is' : 's are'} kept in the case for items no bundle of the case shows any more (the workstation lists them in the case's review).`,
  revealsIntro: (t, o, r) =>
    `${t} phone number${t === 1 ? ' was' : 's were'} revealed. ${o} reveal${o === 1 ? ' was' : 's were'} outside working hours (08:00–19:00 Europe/Paris, Monday to Friday); ${r} number${r === 1 ? ' was' : 's were'} revealed 3 times or more within 30 days. These are review items: patterns to look at, not rules broken.`,
  reviewKinds: {
    off_hours: 'outside working hours', burst: 'bursts (5+ in 10 min)', repeated_number: 'repeated numbers', reused_motive: 'reused motives',
    actor_not_entitled: 'actor not entitled then', no_alert: 'no other Admin alerted', refused_reveal: 'refused attempts',
  },
  kindCount: (k, n) => `${k}: ${n}`,
  chartTitle: 'Reveals per actor (dark: outside working hours)',
  noReveals: 'The evidence records no reveal.',
  erasureStatus: { on_time: 'on time', late: 'LATE', unknown: 'unknown' },
  noErasures: 'The evidence records no erasure.',
  erasureFindings: (n) => `${n} finding${n === 1 ? '' : 's'}`,
  licenseStatus: { valid: 'valid', expiring: 'expiring', grace: 'in grace period', expired: 'expired', not_yet_valid: 'not yet valid' },
  licenseExpires: (at) => `expires ${at}`,
  custodyActions: {
    'case.create': 'case created',
    'bundle.import': 'bundles imported and verified',
    'bundle.verify': 'bundles verified again',
    'bundle.exclude': 'bundles excluded from the case',
    'bundle.include': 'bundles counted again',
    'report.create': 'reports made',
    'note.add': 'notes',
    'tag.add': 'tags added (earlier format)',
    'tag.remove': 'tags removed (earlier format)',
    'answer.declare': 'CAIQ answers declared',
    'review.record': 'erasure reviews and deadline extensions',
    'case.parties': 'controller and DPO named',
    'review.annotate': "the auditor's review: tags, stars, comments, decisions",
    'view.save': 'saved views',
    'case.export': 'exported for a colleague',
    'case.receive': "opened from a colleague's file",
    'case.part': 'part of a case tagged for a colleague',
    withheld: "entries of the sender's other work, withheld (their hashes kept)",
  },
  noLicense: 'No license was read.',
  yes: 'yes',
  no: 'no',
  custody: (n, seq, at, hash, ok) =>
    `${ok ? 'The chain of custody holds' : 'THE CHAIN OF CUSTODY DOES NOT HOLD'}: ${n} entries up to entry ${seq} (${at}), hash ${hash}. Every stored verification matches the custody entry that recorded it (its import or a later re-verification). The rows each import derived (entries, register, certificates, dump summary) were not recomputed for this report: the workstation's deep custody check does that. Entries recording reports made are not counted, so this report made again says the same.`,
  limits: {
    appliance_records: 'The evidence is what the appliance recorded and signed. It shows nothing the appliance did not record.',
    export_time: "The database dump shows the data at export time only; what was deleted or changed before leaves no trace in it beyond the audit log's entries.",
    off_appliance: 'Nothing here covers backups, copies or exports made outside the appliance (cdr.export entries show when exports happened, not where the files went).',
    identity: 'Actor names are the appliance accounts; who sat behind an account is not shown.',
    advice: 'Review items (reveals outside hours, bursts, repeated numbers...) are patterns worth a look, not breaches.',
    review_is_judgement: "Decisions and comments are the auditor's judgement, recorded in the case with their author and date; they change no verdict.",
    whole_rewrite: 'The case file checks its own custody chain; a rewrite of the whole chain is only detected against a copy of its head hash kept elsewhere, such as the one printed in this report.',
  },
  annexIntro: (tag, n) => `${n} item${n === 1 ? '' : 's'} tagged "${tag}":`,
  footer: (id, p, n) => `${id} — page ${p} of ${n}`,
  none: '—',
};

const FR: AuditLabels = {
  engineQuote: 'Texte d’origine du moteur de vérification, en anglais : ',
  itemTitle: {
    review: {
      off_hours: 'Révélation hors des heures ouvrées',
      burst: 'Rafale de révélations',
      repeated_number: 'Numéro révélé à plusieurs reprises',
      reused_motive: 'Motif réutilisé mot pour mot',
      actor_not_entitled: 'Auteur non habilité à ce moment',
      no_alert: 'Révélation sans alerte',
      refused_reveal: 'Tentatives de révélation refusées',
    },
    erasure: (cert) => `Effacement ${cert}`,
    entry: (seq) => `Entrée du journal d’audit ${seq}`,
  },
  title: "Rapport de constats d'audit",
  subtitle: 'Preuves Natalia On-Premise, vérifiées hors ligne par le poste auditeur Natalia',
  meta: { case: 'Dossier', asOf: 'Arrêté au', reportId: 'Identifiant', bundles: 'Lots de preuves', signer: 'Signé par la clé du poste' },
  sections: {
    summary: 'Synthèse',
    scope: 'Périmètre : les preuves examinées',
    checks: 'Contrôles',
    findings: 'Constats au-dessus du niveau info',
    review: "Décisions de l'auditeur",
    undecided: 'Restés sans décision',
    annotated: 'Effacements et entrées annotés',
    reveals: 'Révélations de numéros',
    erasures: 'Effacements (RGPD art. 17)',
    license: 'État de la licence',
    custody: 'Chaîne de conservation',
    limits: 'Ce que ces preuves ne montrent pas',
    annex: 'Annexe : éléments étiquetés',
    signature: 'Comment vérifier ce rapport',
  },
  summary: (b, blocking, d, u) =>
    `${b} lot${b > 1 ? 's' : ''} de preuves examiné${b > 1 ? 's' : ''} ; ${blocking} constat${blocking > 1 ? 's' : ''} de gravité moyenne ou plus. ` +
    `L'auditeur a tranché ${d} élément${d > 1 ? 's' : ''} ; ${u} reste${u > 1 ? 'nt' : ''} sans décision.`,
  bundle: { name: 'Lot', sha256: 'SHA-256 (archive)', tagmanifest: 'SHA-256 du manifeste des étiquettes', installation: 'Installation', exported: 'Exporté le', verdict: 'Verdict', trust: 'Racines de confiance', entries: "Entrées du journal d'audit" },
  noRoots: 'aucune : aucune licence de confiance',
  fingerprintMissing: 'empreinte non enregistrée',
  verdict: { trusted: 'DE CONFIANCE', problems: 'PROBLÈMES', unverifiable: 'INVÉRIFIABLE', partial: 'PARTIEL (contrôle rapide)' },
  status: { passed: 'réussi', failed: 'échoué', not_provided: 'non fourni' },
  severity: { critical: 'critique', high: 'élevée', medium: 'moyenne', low: 'faible', info: 'info' },
  cols: {
    check: 'Contrôle', status: 'Résultat', detail: 'Détail', severity: 'Gravité', finding: 'Constat et signification', place: 'Où', decision: 'Décision',
    item: 'Élément', actor: 'Acteur', reveals: 'Révélations', offHours: 'Hors horaires', certificate: 'Certificat', received: 'Reçue le', due: 'Échéance',
    executed: 'Exécuté le', deadline: 'Délai', license: 'Licence', validity: "À l'export", trusted: 'Racine de confiance', action: 'Action', count: 'Entrées',
  },
  noFindings: 'Aucun constat au-dessus du niveau info.',
  decision: { accepted: 'Retenu', justified: 'Justifié', needs_follow_up: 'À suivre', false_positive: 'Faux positif' },
  decidedBy: (who, at) => `par ${who}, ${at}`,
  earlier: (n) => `${n} décision${n > 1 ? 's' : ''} antérieure${n > 1 ? 's' : ''} remplacée${n > 1 ? 's' : ''}`,
  comment: (who, at, text) => `${who}, ${at} : ${text}`,
  tags: (t) => `Étiquettes : ${t.join(', ')}`,
  noneUndecided: "Chaque constat au-dessus du niveau info et chaque point d'examen a une décision.",
  undecidedIntro: (n) => `${n} élément${n > 1 ? 's' : ''} sans décision :`,
  noDecided: "Aucune décision n'a été enregistrée.",
  orphaned: (n) => `${n} examen${n > 1 ? 's' : ''} conservé${n > 1 ? 's' : ''} dans le dossier pour des éléments qu'aucun lot du dossier ne montre plus (le poste les liste dans la revue du dossier).`,
  revealsIntro: (t, o, r) =>
    `${t} numéro${t > 1 ? 's' : ''} révélé${t > 1 ? 's' : ''}. ${o} révélation${o > 1 ? 's' : ''} hors des heures ouvrées (08:00–19:00 Europe/Paris, du lundi au vendredi) ; ${r} numéro${r > 1 ? 's' : ''} révélé${r > 1 ? 's' : ''} 3 fois ou plus en 30 jours. Ce sont des points d'examen : des tendances à regarder, pas des règles enfreintes.`,
  reviewKinds: {
    off_hours: 'hors heures ouvrées', burst: 'rafales (5+ en 10 min)', repeated_number: 'numéros répétés', reused_motive: 'motifs réutilisés',
    actor_not_entitled: "acteur non habilité à l'époque", no_alert: 'aucun autre Admin alerté', refused_reveal: 'tentatives refusées',
  },
  kindCount: (k, n) => `${k}\u00a0: ${n}`,
  chartTitle: 'Révélations par acteur (foncé : hors heures ouvrées)',
  noReveals: "Les preuves n'enregistrent aucune révélation.",
  erasureStatus: { on_time: 'dans le délai', late: 'EN RETARD', unknown: 'inconnu' },
  noErasures: "Les preuves n'enregistrent aucun effacement.",
  erasureFindings: (n) => `${n} constat${n > 1 ? 's' : ''}`,
  licenseStatus: { valid: 'valide', expiring: 'expire bientôt', grace: 'en période de grâce', expired: 'expirée', not_yet_valid: 'pas encore valide' },
  licenseExpires: (at) => `expire le ${at}`,
  custodyActions: {
    'case.create': 'dossier créé',
    'bundle.import': 'lots importés et vérifiés',
    'bundle.verify': 'lots vérifiés à nouveau',
    'bundle.exclude': 'lots écartés du dossier',
    'bundle.include': 'lots comptés à nouveau',
    'report.create': 'rapports produits',
    'note.add': 'notes',
    'tag.add': 'étiquettes ajoutées (ancien format)',
    'tag.remove': 'étiquettes retirées (ancien format)',
    'answer.declare': 'réponses CAIQ déclarées',
    'review.record': "revues d'effacement et prolongations de délai",
    'case.parties': 'responsable du traitement et DPO désignés',
    'review.annotate': "la revue de l'auditeur : étiquettes, étoiles, commentaires, décisions",
    'view.save': 'vues enregistrées',
    'case.export': 'exporté pour un confrère',
    'case.receive': "ouvert depuis le fichier d'un confrère",
    'case.part': "partie d'un dossier étiquetée pour un confrère",
    withheld: "entrées des autres travaux de l'expéditeur, retenues (leurs empreintes conservées)",
  },
  noLicense: "Aucune licence n'a été lue.",
  yes: 'oui',
  no: 'non',
  custody: (n, seq, at, hash, ok) =>
    `${ok ? 'La chaîne de conservation est intacte' : "LA CHAÎNE DE CONSERVATION N'EST PAS INTACTE"} : ${n} entrées jusqu'à l'entrée ${seq} (${at}), empreinte ${hash}. Chaque vérification conservée correspond à l'entrée de la chaîne qui l'a enregistrée (son import ou une nouvelle vérification). Les lignes dérivées de chaque import (entrées, registre, certificats, résumé de la base) n'ont pas été recalculées pour ce rapport : la vérification approfondie de la chaîne, sur le poste, le fait. Les entrées des rapports produits ne sont pas comptées : ce rapport refait dit la même chose.`,
  limits: {
    appliance_records: "Les preuves sont ce que l'appliance a enregistré et signé. Elles ne montrent rien de ce qu'elle n'a pas enregistré.",
    export_time: "L'extraction de la base montre les données au moment de l'export seulement ; ce qui a été supprimé ou modifié avant n'y laisse de trace que dans le journal d'audit.",
    off_appliance: "Rien ici ne couvre les sauvegardes, copies ou exports faits hors de l'appliance (les entrées cdr.export disent quand un export a eu lieu, pas où sont allés les fichiers).",
    identity: "Les acteurs sont les comptes de l'appliance ; qui utilisait un compte n'est pas montré.",
    advice: "Les points d'examen (révélations hors horaires, rafales, numéros répétés...) sont des tendances à regarder, pas des manquements.",
    review_is_judgement: "Les décisions et commentaires sont le jugement de l'auditeur, enregistrés dans le dossier avec leur auteur et leur date ; ils ne changent aucun verdict.",
    whole_rewrite: "Le dossier contrôle sa propre chaîne de conservation ; une réécriture de toute la chaîne ne se détecte que face à une copie de son empreinte de tête conservée ailleurs, comme celle imprimée dans ce rapport.",
  },
  annexIntro: (tag, n) => `${n} élément${n > 1 ? 's' : ''} étiqueté${n > 1 ? 's' : ''} « ${tag} » :`,
  footer: (id, p, n) => `${id} — page ${p} sur ${n}`,
  none: '—',
};

export const AUDIT_LABELS: Record<ReportLang, AuditLabels> = { en: EN, fr: FR };
