// Types for what test/lint/import-boundaries.test.ts reads from eslint.config.js.
export interface BoundaryRole {
  name: string;
  files: string[];
  allow?: string[];
  deny?: string[];
  because: string;
}

export declare const BOUNDARY_ROLES: BoundaryRole[];
declare const config: unknown[];
export default config;
