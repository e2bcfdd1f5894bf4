// Free text the simulated people type. The motives deliberately carry what
// breaks naive readers: commas, quotes, line breaks, tabs, backslashes,
// non-ASCII, emoji, and leading `=`, `+`, `-`, `@` (formula characters that
// are data in this format).
import type { Rng } from './random.js';

const MOTIVES: ((n: number) => string)[] = [
  (n) => `Réclamation client n° ${n} — vérification du numéro rappelé`,
  (n) => `Demande de la direction juridique, dossier ${n}; accord du DPO`,
  (n) => `Quality review, "missed callback" complaint ${n}`,
  (n) => `Customer dispute #${n}: callback verification requested by the client`,
  (n) => `Fraud investigation FR-${n}, ticket opened by the security team`,
  (n) => `Appel malveillant signalé — plainte déposée (réf. ${n}) 📞`,
  (n) => `=HYPERLINK("http://example.invalid/${n}","ticket ${n}")`,
  (n) => `Escalation ${n}, customer says: "nobody called me back"\nSecond line: manager approval by phone`,
  (n) => `+33 callback requested\tby the client (case ${n})`,
  (n) => `-${n % 60} min wait reported by the client`,
  (n) => `@support escalation ${n}`,
  (n) => `Dossier C:\\litiges\\${n} — suite à courrier`,
  (n) => `=1+${n} checked by the supervisor`,
];

export function revealMotive(rng: Rng): string {
  return rng.pick(MOTIVES)(rng.range(1000, 9999));
}
