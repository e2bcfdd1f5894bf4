// What each check is called where a person reads it: the screens, in each
// of their languages. The check ids (CHECK_IDS, verification.ts) stay the
// keys the engine, the CLI's --leans-on and the JSON exports use; this is the
// one place a check gets its words, so the questionnaire, the declare form
// and the verdict name a check alike. The compiler requires every check in
// every language.
import type { CheckId } from './verification.js';

export const CHECK_NAME_LANGUAGES = ['en', 'fr'] as const;
export type CheckNameLanguage = (typeof CHECK_NAME_LANGUAGES)[number];

export const CHECK_NAMES: Readonly<Record<CheckId, Readonly<Record<CheckNameLanguage, string>>>> = {
  'bundle.structure': { en: 'Bundle layout', fr: 'Structure du lot' },
  'bundle.manifests': { en: 'File hashes (manifests)', fr: 'Empreintes des fichiers (manifestes)' },
  'bundle.signature': { en: 'Bundle signature', fr: 'Signature du lot' },
  'license.signature': { en: 'Licence signature', fr: 'Signature de la licence' },
  'license.trust': { en: 'Licence signed by a trusted vendor root', fr: 'Licence signée par une racine de confiance' },
  'license.installation': { en: 'Licence names this installation', fr: 'Licence de cette installation' },
  'license.validity': { en: 'Licence validity at export', fr: 'Validité de la licence à l’export' },
  'license.clock': { en: 'Appliance clock', fr: 'Horloge de l’équipement' },
  'audit.chain': { en: 'Audit log chain', fr: 'Chaînage du journal d’audit' },
  'audit.hashes': { en: 'Audit entry hashes', fr: 'Empreintes des entrées d’audit' },
  'audit.signatures': { en: 'Audit entry signatures', fr: 'Signatures des entrées d’audit' },
  'audit.keys': { en: 'Audit signing keys and rotations', fr: 'Clés de signature d’audit et rotations' },
  'audit.head': { en: 'Start of the audit log', fr: 'Début du journal d’audit' },
  'audit.seal': { en: 'Audit log seal', fr: 'Scellé du journal d’audit' },
  'audit.timestamps': { en: 'Audit entry times', fr: 'Horodatage des entrées d’audit' },
  'audit.csv_jsonl': { en: 'CSV and JSON lines exports agree', fr: 'Concordance des exports CSV et JSON lines' },
  'audit.policy': { en: 'Reveal policy (role and motive)', fr: 'Règles de révélation (rôle et motif)' },
  'reveal.register': { en: 'Reveal register', fr: 'Registre des révélations' },
  'erasure.certificates': { en: 'Erasure certificates', fr: 'Certificats d’effacement' },
  'erasure.execution': { en: 'Erasures carried out', fr: 'Exécution des effacements' },
  'dump.parse': { en: 'Database dump readable', fr: 'Lecture de l’export de la base' },
  'dump.retention': { en: 'Retention periods', fr: 'Durées de conservation' },
  'dump.erasures': { en: 'Erased data gone from the dump', fr: 'Données effacées absentes de l’export' },
};

export function isCheckNameLanguage(v: unknown): v is CheckNameLanguage {
  return typeof v === 'string' && (CHECK_NAME_LANGUAGES as readonly string[]).includes(v);
}

/** The check's words in `lang`; the id itself for a check this version does not know (a newer case). */
export function checkName(id: string, lang: CheckNameLanguage): string {
  return (CHECK_NAMES as Record<string, Record<CheckNameLanguage, string> | undefined>)[id]?.[lang] ?? id;
}
