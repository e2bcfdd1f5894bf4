// The CAIQ-Lite questions of each CAIQ release, by identifier, each with a
// topic written in this project's own words. CSA's licence forbids
// redistributing or modifying its question texts, so none is shipped: the real
// wording lives in the official workbook the user downloads from CSA, which
// `fill-workbook.ts` fills in place. The topics only help a reader who has no
// workbook at hand. v4.1's topics are v4.0.3's where the reference shows the
// same control (caiq-versions.ts); a question new or retitled in v4.1 says so.
import { CAIQ_VERSIONS, counterpart, LITE_IDS_41, type CaiqVersion } from './caiq-versions.js';

export interface CaiqDomain {
  id: string;
  /** Domain name in the project's own words. */
  name: string;
}

const DOMAINS_403: readonly CaiqDomain[] = [
  { id: 'A&A', name: 'Audits and assurance' },
  { id: 'AIS', name: 'Application and interface security' },
  { id: 'BCR', name: 'Continuity and resilience' },
  { id: 'CCC', name: 'Change and configuration control' },
  { id: 'CEK', name: 'Cryptography and keys' },
  { id: 'DCS', name: 'Data centre and physical assets' },
  { id: 'DSP', name: 'Data security and privacy' },
  { id: 'GRC', name: 'Governance, risk and compliance' },
  { id: 'HRS', name: 'People and HR security' },
  { id: 'IAM', name: 'Identities and access' },
  { id: 'IPY', name: 'Interoperability and portability' },
  { id: 'IVS', name: 'Infrastructure and network security' },
  { id: 'LOG', name: 'Logging and monitoring' },
  { id: 'SEF', name: 'Security incidents and forensics' },
  { id: 'STA', name: 'Supply chain and shared responsibility' },
  { id: 'TVM', name: 'Threats and vulnerabilities' },
  { id: 'UEM', name: 'Endpoint management' },
];

/** [question id, topic in our own words] of v4.0.3. Order: the workbook's. */
const TOPICS_403: readonly (readonly [string, string])[] = [
  ['A&A-02.1', 'Independent audits or assessments, at least yearly'],
  ['A&A-03.1', 'Audit planning driven by risk'],
  ['A&A-04.1', 'Checking conformity with applicable standards, laws and contracts'],
  ['A&A-06.1', 'Corrective action plan for audit findings'],
  ['A&A-06.2', 'Follow-up and reporting of remediation progress'],
  ['AIS-02.1', 'Security baseline for applications'],
  ['AIS-04.1', 'Secure software development lifecycle'],
  ['AIS-06.1', 'Secure, repeatable deployment of application code'],
  ['AIS-06.2', 'Automation of code deployment'],
  ['AIS-07.1', 'Fixing application security flaws'],
  ['AIS-07.2', 'Automation of application flaw fixing'],
  ['BCR-01.1', 'Business continuity policy'],
  ['BCR-01.2', 'Yearly review of the continuity policy'],
  ['BCR-02.1', 'Business impact analysis of disruptions'],
  ['BCR-03.1', 'Continuity strategies that limit disruption'],
  ['BCR-08.1', 'Regular backups of data'],
  ['BCR-08.2', 'Protection of backup copies'],
  ['BCR-08.3', 'Ability to restore from backups'],
  ['BCR-09.1', 'Disaster response plan'],
  ['BCR-09.2', 'Yearly review of the disaster response plan'],
  ['CCC-01.1', 'Change management policy'],
  ['CCC-01.2', 'Yearly review of the change management policy'],
  ['CCC-02.1', 'Controlled, tested and approved changes'],
  ['CCC-04.1', 'Preventing unauthorised changes to assets'],
  ['CCC-05.1', 'Customer consent for changes to their environments'],
  ['CCC-06.1', 'Baselines for changes'],
  ['CCC-07.1', 'Detecting drift from baselines'],
  ['CCC-09.1', 'Rolling back a failed change'],
  ['CEK-01.1', 'Cryptography and key management policy'],
  ['CEK-01.2', 'Yearly review of the cryptography policy'],
  ['CEK-02.1', 'Who is responsible for cryptography and keys'],
  ['CEK-03.1', 'Encryption of data stored and in transit'],
  ['CEK-04.1', 'Choice of suitable encryption algorithms'],
  ['CEK-05.1', 'Managing changes to cryptography'],
  ['CEK-10.1', 'Key generation with recognised libraries and strengths'],
  ['CEK-12.1', 'Key rotation on a schedule'],
  ['CEK-13.1', 'Revoking compromised or retired keys'],
  ['CEK-14.1', 'Destroying keys that are no longer needed'],
  ['DCS-03.1', 'Security of premises and work areas'],
  ['DCS-03.2', 'Yearly review of premises security'],
  ['DCS-05.1', 'Classification of physical and logical assets'],
  ['DCS-06.1', 'Inventory and tracking of assets'],
  ['DSP-01.1', 'Data handling policy across the data lifecycle'],
  ['DSP-01.2', 'Yearly review of the data handling policy'],
  ['DSP-03.1', 'Inventory of personal and sensitive data'],
  ['DSP-04.1', 'Classification of data by sensitivity'],
  ['DSP-05.1', 'Map of where data is stored, processed and sent'],
  ['DSP-05.2', 'Regular review of the data flow map'],
  ['DSP-06.1', 'Named owners and stewards of personal data'],
  ['DSP-06.2', 'Yearly review of data ownership'],
  ['DSP-07.1', 'Data protection built in and on by default'],
  ['DSP-08.1', 'Privacy built in and on by default'],
  ['DSP-08.2', 'Privacy-friendly default settings'],
  ['DSP-10.1', 'Protecting transfers of personal data'],
  ['DSP-11.1', 'Handling data subject requests (access, correction, erasure)'],
  ['DSP-12.1', 'Processing personal data only for its stated purposes'],
  ['DSP-13.1', 'Transfers and sub-processing in the supply chain'],
  ['DSP-14.1', 'Telling customers about sub-processors beforehand'],
  ['DSP-16.1', 'Retention and deletion of data'],
  ['DSP-17.1', 'Protecting sensitive data throughout its life'],
  ['DSP-19.1', 'Where data is processed and backed up'],
  ['GRC-01.1', 'Information governance programme'],
  ['GRC-01.2', 'Yearly review of the governance programme'],
  ['GRC-02.1', 'Risk management programme'],
  ['GRC-06.1', 'Roles and responsibilities for governance'],
  ['GRC-07.1', 'Register of applicable laws, standards and obligations'],
  ['HRS-03.1', 'Clear desk and clear screen rules'],
  ['HRS-03.2', 'Yearly review of clear desk rules'],
  ['HRS-04.1', 'Rules for remote and home working'],
  ['HRS-04.2', 'Yearly review of remote working rules'],
  ['HRS-11.1', 'Security awareness training'],
  ['HRS-11.2', 'Regular refresh of awareness training'],
  ['IAM-01.1', 'Identity and access management policy'],
  ['IAM-01.2', 'Yearly review of the access policy'],
  ['IAM-03.1', 'Inventory of accounts and their access levels'],
  ['IAM-04.1', 'Separation of duties in access'],
  ['IAM-05.1', 'Least privilege'],
  ['IAM-06.1', 'Granting user access'],
  ['IAM-07.1', 'Changing and removing user access in time'],
  ['IAM-08.1', 'Periodic review of user access'],
  ['IAM-09.1', 'Separating administration of data, keys and logs'],
  ['IAM-10.1', 'Time-limited privileged access'],
  ['IAM-10.2', 'Preventing one person from gathering separated privileges'],
  ['IAM-14.1', 'Strong (multi-factor) authentication'],
  ['IAM-14.2', 'Certificates or equivalent for system identities'],
  ['IPY-01.1', 'Interoperability of application interfaces'],
  ['IPY-01.2', 'Interoperability of information processing'],
  ['IPY-01.3', 'Portability of application development'],
  ['IPY-01.4', 'Exchange and portability of data, with integrity'],
  ['IPY-01.5', 'Yearly review of interoperability and portability rules'],
  ['IVS-03.1', 'Monitoring network traffic between environments'],
  ['IVS-03.2', 'Encrypting network traffic between environments'],
  ['IVS-03.3', 'Allowing only authorised network connections'],
  ['IVS-03.4', 'Yearly review of network configuration'],
  ['IVS-03.5', 'Documented reasons for allowed ports and services'],
  ['IVS-04.1', 'Hardening of systems and hypervisors'],
  ['IVS-06.1', 'Separation between tenants'],
  ['IVS-07.1', 'Secure channels when migrating to the cloud'],
  ['IVS-09.1', 'Layered network defences'],
  ['LOG-01.1', 'Logging and monitoring policy'],
  ['LOG-01.2', 'Yearly review of the logging policy'],
  ['LOG-04.1', 'Restricted access to audit logs and accountability for it'],
  ['LOG-05.1', 'Watching audit logs for unusual activity'],
  ['LOG-05.2', 'Acting on anomalies found in the logs'],
  ['SEF-03.1', 'Incident response plan'],
  ['SEF-04.1', 'Testing the incident response plan'],
  ['SEF-07.1', 'Breach notification process'],
  ['SEF-07.2', 'Reporting breaches to customers and authorities in time'],
  ['STA-02.1', 'Shared responsibility model applied across the supply chain'],
  ['STA-04.1', 'Who owns each control under the shared responsibility model'],
  ['STA-07.1', 'Inventory of supply chain relationships'],
  ['TVM-02.1', 'Protection against malware'],
  ['TVM-02.2', 'Yearly review of malware protection'],
  ['TVM-03.1', 'Timely fixing of vulnerabilities'],
  ['TVM-04.1', 'Frequent updates of detection tools and signatures'],
  ['TVM-07.1', 'Regular vulnerability scanning'],
  ['TVM-09.1', 'Reporting on vulnerability management'],
  ['UEM-02.1', 'Approved software and services for endpoints'],
  ['UEM-04.1', 'Inventory of endpoints'],
  ['UEM-05.1', 'Endpoint management rules'],
  ['UEM-06.1', 'Automatic screen lock'],
  ['UEM-09.1', 'Anti-malware on endpoints'],
  ['UEM-10.1', 'Firewalls on endpoints'],
  ['UEM-13.1', 'Remote wipe of lost or stolen devices'],
];

export interface LiteQuestion {
  id: string;
  /** Control id: the part before the dot, e.g. `A&A-02`. */
  control: string;
  domain: string;
  topic: string;
}

function question(id: string, topic: string): LiteQuestion {
  const control = id.slice(0, id.lastIndexOf('.'));
  return { id, control, domain: control.slice(0, control.lastIndexOf('-')), topic };
}

const LITE_403: readonly LiteQuestion[] = TOPICS_403.map(([id, topic]) => question(id, topic));
const TOPIC_403 = new Map(TOPICS_403);

/** Said where no v4.0.3 question asks the same: the workbook holds the question. */
export const NEW_IN_41_TOPIC = 'New or changed in CAIQ v4.1: see the question in the workbook';

const LITE_41: readonly LiteQuestion[] = LITE_IDS_41.map((id) => {
  const c = counterpart(id, '4.1.0', '4.0.3');
  return question(id, (c.id !== null ? TOPIC_403.get(c.id) : undefined) ?? NEW_IN_41_TOPIC);
});

const DOMAINS_41: readonly CaiqDomain[] = DOMAINS_403.map((d) => (d.id === 'IVS' ? { id: 'I&S', name: 'Infrastructure security' } : d));

const CATALOG: Readonly<Record<CaiqVersion, { questions: readonly LiteQuestion[]; domains: readonly CaiqDomain[]; byId: Map<string, LiteQuestion> }>> =
  Object.fromEntries(
    CAIQ_VERSIONS.map((v) => {
      const questions = v === '4.0.3' ? LITE_403 : LITE_41;
      return [v, { questions, domains: v === '4.0.3' ? DOMAINS_403 : DOMAINS_41, byId: new Map(questions.map((q) => [q.id, q])) }];
    }),
  ) as never;

/** The CAIQ-Lite questions of one release, in its workbook's order. */
export function liteCatalog(version: CaiqVersion): readonly LiteQuestion[] {
  return CATALOG[version].questions;
}

/** The 17 domains of one release (IVS in v4.0.3, I&S in v4.1). */
export function caiqDomains(version: CaiqVersion): readonly CaiqDomain[] {
  return CATALOG[version].domains;
}

export function liteQuestion(id: string, version: CaiqVersion): LiteQuestion | undefined {
  return CATALOG[version].byId.get(id);
}

export function isLiteQuestionId(id: string, version: CaiqVersion): boolean {
  return CATALOG[version].byId.has(id);
}
