// The project's own evidence exporter: a deterministic stand-in for the
// Natalia appliance, used by the CLI's demo command, by tests and by
// benchmarks. See docs in each module; exportBundle is the entry point.
export { exportBundle, sidecarPath, TRUST_ROOTS_FILE } from './export-bundle.js';
export { applyTamper, ATTACKER_TAMPERS, TAMPER_KINDS, type TamperKind } from './tamper.js';
export type { ExportOptions, ExportResult, ExportStats, ExpectedFinding, ApplianceFault, TenantOption } from './options.js';
export { APPLIANCE_FAULTS } from './options.js';
