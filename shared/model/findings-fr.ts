// The finding catalog in French: each code's title and meaning, translating
// FINDING_CATALOG (findings.ts, the English authority). One copy for every
// face: the screens' `findings` namespace (renderer/src/i18n/catalog.ts) and
// the French findings report (engine/reports/audit). test/unit/i18n-catalog.test.ts
// keeps it complete and in French typography.
import type { FindingCode } from './findings.js';

interface Words {
  title: string;
  meaning: string;
}

/** Nested by the code's parts (`bundle` → `manifest_mismatch`), as i18next reads dotted keys. */
export const FINDING_CATALOG_FR: Record<string, Record<string, Words>> = {
  "bundle": {
    "manifest_mismatch": {
      "title": "Fichier différent du manifeste du lot",
      "meaning": "Un fichier du lot a été modifié, tronqué ou supprimé après l’export par l’appliance. Son contenu ne peut pas être tenu pour fiable ; demandez un nouvel export à l’administrateur."
    },
    "unlisted_file": {
      "title": "Fichier absent du manifeste",
      "meaning": "Un fichier a été ajouté au lot après l’export. Le poste ignore son contenu ; cherchez à savoir qui l’a ajouté et pourquoi."
    },
    "signature_invalid": {
      "title": "La signature du lot ne se vérifie pas",
      "meaning": "Rien ne relie ces fichiers à l’appliance : la signature du manifeste des fichiers de métadonnées est fausse, ou faite avec une clé que l’appliance n’avait pas le droit d’utiliser."
    },
    "unsafe_entry": {
      "title": "Entrée d’archive dangereuse refusée",
      "meaning": "L’archive tente d’écrire hors de son propre dossier (chemin absolu, « .. », lien) ou dépasse les limites de taille sûres. Elle n’a pas été extraite ; une appliance n’écrit jamais de telles archives."
    },
    "malformed": {
      "title": "Structure du lot non conforme au format",
      "meaning": "Un fichier de métadonnées BagIt (bagit.txt, bag-info.txt, un manifeste) manque ou est mal formé, ou une archive n’est pas organisée en un seul dossier BagIt : le lot ne peut pas être contrôlé dans son ensemble."
    }
  },
  "audit": {
    "hash_mismatch": {
      "title": "Entrée d’audit modifiée",
      "meaning": "Le contenu de l’entrée ne correspond plus à son empreinte : elle a été modifiée après son écriture par l’appliance."
    },
    "chain_break": {
      "title": "Chaîne d’empreintes rompue",
      "meaning": "Cette entrée n’est pas reliée à la précédente : des entrées ont été supprimées, insérées ou réécrites à cet endroit."
    },
    "seq_gap": {
      "title": "Trou dans la séquence",
      "meaning": "Les numéros de séquence ne se suivent pas ici : des entrées manquent, sont en double ou ont été réordonnées."
    },
    "signature_invalid": {
      "title": "Signature d’entrée invalide",
      "meaning": "La signature de l’appliance sur cette entrée ne se vérifie pas : l’entrée a été falsifiée ou modifiée."
    },
    "unknown_key": {
      "title": "Entrée signée par une clé non autorisée",
      "meaning": "L’entrée est signée par une clé qu’aucune licence de confiance ni aucune rotation de clé n’autorise à ce moment-là, ou par une clé déjà retirée."
    },
    "head_missing": {
      "title": "Début du journal manquant",
      "meaning": "Le journal commence après la seq 1 et aucune entrée de purge liée à la durée de conservation ne justifie le début manquant : des entrées antérieures ont pu être supprimées."
    },
    "tail_mismatch": {
      "title": "La fin du journal ne correspond pas à son sceau",
      "meaning": "Des entrées ont été ajoutées ou supprimées à la fin du journal après l’export, ou le sceau lui-même est invalide."
    },
    "clock_rollback": {
      "title": "Retour en arrière de l’horloge inexpliqué",
      "meaning": "Une entrée est datée avant la précédente et l’appliance n’a enregistré aucune anomalie d’horloge : l’ordre ou l’horodatage des entrées a été modifié."
    },
    "future_timestamp": {
      "title": "Entrée datée après l’export",
      "meaning": "Une entrée porte une heure postérieure à l’export lui-même, ce que l’appliance ne peut pas produire."
    },
    "csv_jsonl_mismatch": {
      "title": "Les exports CSV et JSON lines divergent",
      "meaning": "Les deux copies du journal d’audit diffèrent : l’une d’elles a été modifiée. Comparez-les à cette entrée."
    },
    "malformed_entry": {
      "title": "Entrée d’audit illisible",
      "meaning": "Une ligne du journal d’audit ne respecte pas le format (champ manquant, type incorrect, guillemets CSV erronés)."
    },
    "unknown_action": {
      "title": "Action inconnue de ce poste",
      "meaning": "Une version plus récente de l’appliance peut écrire des actions que ce poste ne connaît pas. Elles sont chaînées et signées comme les autres."
    },
    "not_covered": {
      "title": "Récapitulatif des autres occurrences",
      "meaning": "Autres occurrences d’un constat déjà signalé ; elles découlent de la première."
    },
    "refused_reveal": {
      "title": "Tentative de démasquage refusée",
      "meaning": "Quelqu’un a tenté de démasquer un numéro de téléphone et l’appliance a refusé (résultat denied ou failure) : rien n’a été démasqué et aucune règle n’a été enfreinte. Les tentatives répétées d’un même compte sont listées pour examen."
    }
  },
  "policy": {
    "reveal_by_non_admin": {
      "title": "Numéro démasqué par un non-administrateur",
      "meaning": "Seuls les administrateurs peuvent démasquer des numéros de téléphone. Cherchez comment ce compte a pu le faire."
    },
    "missing_motive": {
      "title": "Démasquage ou effacement sans motif",
      "meaning": "Chaque démasquage et chaque effacement doit porter la justification saisie par l’administrateur ; celui-ci n’en a pas."
    },
    "activity_after_lockout": {
      "title": "Activité après le verrouillage de licence",
      "meaning": "L’appliance a continué à servir des utilisateurs après le verrouillage dû à sa licence, avant l’installation d’une nouvelle licence."
    }
  },
  "reveal": {
    "orphan_row": {
      "title": "Ligne du registre sans entrée d’audit",
      "meaning": "Le registre des démasquages mentionne un démasquage que le journal d’audit signé n’enregistre pas."
    },
    "missing_row": {
      "title": "Démasquage absent du registre",
      "meaning": "Le journal d’audit enregistre un démasquage que le registre ne montre pas aux auditeurs."
    },
    "field_mismatch": {
      "title": "Ligne du registre en désaccord avec son entrée d’audit",
      "meaning": "Une ligne du registre des démasquages diffère de l’entrée d’audit signée qu’elle cite."
    },
    "after_erasure": {
      "title": "Démasquage après effacement",
      "meaning": "Un numéro de téléphone d’un poste a été démasqué après l’effacement de ce poste."
    },
    "malformed_row": {
      "title": "Ligne du registre des démasquages illisible",
      "meaning": "Une ligne du registre des démasquages ne respecte pas le format (guillemets CSV erronés, mauvais nombre de cellules, cellule d’un type incorrect). Elle ne peut pas être rapprochée du journal d’audit ; examinez la ligne dans le fichier."
    }
  },
  "erasure": {
    "signature_invalid": {
      "title": "Signature du certificat d’effacement invalide",
      "meaning": "Le certificat n’a pas été émis par l’appliance, ou a été modifié après son émission."
    },
    "audit_mismatch": {
      "title": "Certificat en désaccord avec le journal d’audit",
      "meaning": "Le certificat ne correspond pas à l’entrée d’audit de sa demande ou de son exécution, ou l’une d’elles manque."
    },
    "request_missing": {
      "title": "Effacement exécuté sans demande enregistrée",
      "meaning": "Un effacement a été exécuté sans demande d’effacement antérieure pour la même personne dans le journal d’audit."
    },
    "incomplete": {
      "title": "Données effacées encore présentes dans la base",
      "meaning": "La sauvegarde de la base contient encore le poste, ses enregistrements d’appel ou leurs démasquages après l’effacement."
    },
    "late": {
      "title": "Effacement au-delà d’un mois",
      "meaning": "L’effacement a été exécuté plus d’un mois après la réception de la demande (RGPD, art. 12, § 3)."
    },
    "malformed_certificate": {
      "title": "Certificat d’effacement illisible",
      "meaning": "Le fichier du certificat n’est pas un JSON valide ou il lui manque un membre exigé par le format, ou un membre a un type ou une forme incorrects. Il ne peut pas être vérifié ; demandez l’original à l’administrateur."
    },
    "overdue": {
      "title": "Demande d’effacement en retard à l’export",
      "meaning": "Une demande d’effacement n’était toujours pas exécutée lors de l’export du lot, plus d’un mois après sa réception (RGPD, art. 12, § 3). Vérifiez si une prolongation du délai a été notifiée à la personne concernée, et faites exécuter l’effacement."
    }
  },
  "dump": {
    "parse_error": {
      "title": "Ligne de la sauvegarde de la base illisible",
      "meaning": "Une ligne de la sauvegarde ne respecte pas le format de pg_dump ; elle a été ignorée et le reste a été lu."
    },
    "retention_exceeded": {
      "title": "Enregistrements d’appel conservés au-delà de la durée prévue",
      "meaning": "Des enregistrements d’appel plus anciens que la durée de conservation du locataire sont encore dans la base."
    },
    "erasure_mismatch": {
      "title": "Table des effacements en désaccord avec les certificats",
      "meaning": "Les enregistrements d’effacement de la base ne correspondent pas aux certificats signés."
    },
    "other_schema": {
      "title": "Sauvegarde contenant des tables hors du schéma public",
      "meaning": "La base de l’appliance se trouve dans le schéma public ; les tables d’autres schémas ont été ignorées et non contrôlées."
    },
    "unknown_tenant": {
      "title": "Appels d’un locataire absent de la base",
      "meaning": "La base contient des enregistrements d’appels d’un locataire absent de sa table tenants. Aucune durée de conservation ne les couvre, ils peuvent donc être gardés sans limite ; cherchez si le locataire a été supprimé sans ses données, ou si la table a été modifiée."
    }
  },
  "license": {
    "signature_invalid": {
      "title": "Signature de licence invalide",
      "meaning": "Le fichier de licence a été modifié ou falsifié : la signature de l’éditeur ne se vérifie pas."
    },
    "untrusted_root": {
      "title": "Licence signée par une clé non reconnue",
      "meaning": "La licence est signée par une clé absente de votre magasin de confiance : les clés d’audit qu’elle liste ne peuvent donc pas être tenues pour fiables. Ajoutez la racine de l’éditeur avec --trust si vous la tenez de l’éditeur."
    },
    "installation_mismatch": {
      "title": "Licence d’une autre installation",
      "meaning": "La licence désigne une autre installation que celle du lot : elle n’accorde aucune clé à cette appliance."
    },
    "expired": {
      "title": "Licence expirée au moment de l’export",
      "meaning": "La licence avait dépassé sa période de grâce lors de l’export du lot ; l’appliance était verrouillée."
    },
    "clock_tampering": {
      "title": "Horloge de l’appliance erronée",
      "meaning": "L’horloge de l’appliance était mal réglée : une licence a été installée avant son émission, ou la marque haute de l’horloge est postérieure à l’export."
    },
    "malformed": {
      "title": "Fichier de licence illisible",
      "meaning": "Le fichier de licence ne respecte pas le format (armure, enveloppe ou contenu)."
    }
  },
  "trust": {
    "no_trusted_roots": {
      "title": "Aucune racine de confiance de l’éditeur",
      "meaning": "Le magasin de confiance ne contient aucune clé racine de l’éditeur : aucune licence, et donc aucune signature d’audit, n’a pu être tenue pour fiable. Chargez les racines de l’éditeur avec --trust FICHIER."
    }
  },
  "case": {
    "history_rewritten": {
      "title": "Historique d’audit réécrit entre deux exports",
      "meaning": "Un export ultérieur de la même installation ne prolonge pas le précédent : une entrée couverte par les deux exports diffère, ou des entrées scellées par l’export précédent ont disparu. L’appliance ne fait qu’ajouter : son journal a donc été réécrit entre les deux exports ; comparez-les à cette seq."
    }
  }
};

/** A finding code's French title and meaning, if the catalog has it. */
export function findingWordsFr(code: FindingCode | string): Words | undefined {
  const dot = code.indexOf('.');
  return dot < 0 ? undefined : FINDING_CATALOG_FR[code.slice(0, dot)]?.[code.slice(dot + 1)];
}
