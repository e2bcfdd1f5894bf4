// Lint: TypeScript rules plus the architecture's boundaries by role,
// enforced rather than remembered. The roles below are the one declaration of
// who may import what; docs/architecture.md ("Boundaries") explains them, and
// the rule (eslint-rules/import-boundaries.js) has tests of its own
// (test/lint/import-boundaries.test.ts).
import tseslint from 'typescript-eslint';
import importBoundaries from './eslint-rules/import-boundaries.js';

const UI_PACKAGES = ['react', 'react-dom', 'react-i18next', 'i18next', 'recharts', '@tanstack/*'];

/** Who may import what, by the role of the importing file (paths from the repository root). */
export const BOUNDARY_ROLES = [
  {
    name: 'the renderer',
    files: ['renderer/'],
    allow: ['renderer/', 'shared/model/', 'shared/api/contract.ts'],
    deny: ['node:', 'electron'],
    because: 'the renderer runs sandboxed and reaches the engine only through the typed API (shared/api/contract.ts) and the model.',
  },
  {
    name: 'shared/',
    files: ['shared/'],
    deny: ['electron', ...UI_PACKAGES, 'renderer/', 'electron/'],
    because: 'shared/ is the engine and its faces\' common code: no Electron, no DOM or UI library, no renderer.',
  },
  {
    name: 'the model and the contract',
    files: ['shared/model/', 'shared/api/contract.ts', 'shared/api/result.ts'],
    allow: ['shared/model/', 'shared/api/contract.ts', 'shared/api/result.ts'],
    deny: ['node:'],
    because: 'the renderer imports them: they stay pure types and data.',
  },
  {
    name: 'the engine',
    files: ['shared/engine/'],
    deny: ['shared/cli/', 'shared/server/', 'shared/api/', 'shared/host/', 'shared/face/'],
    because: 'the engine knows none of its faces (CLI, web server, API, host).',
  },
  {
    name: 'electron/',
    files: ['electron/'],
    deny: ['shared/server/', 'shared/cli/'],
    because: 'the desktop shell is a face of its own: what it shares with web mode lives in shared/face/.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-renderer/', 'release/', 'test/fixtures/', 'test-results/', 'demo-evidence/', '**/*.js', '!eslint.config.js', '!eslint-rules/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { natalia: { rules: { 'import-boundaries': importBoundaries } } },
    rules: { 'natalia/import-boundaries': ['error', { roles: BOUNDARY_ROLES }] },
  },
);
