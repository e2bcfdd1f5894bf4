// Lint: TypeScript rules plus the architecture's boundaries, enforced rather
// than remembered (docs/architecture.md explains them).
import tseslint from 'typescript-eslint';

const noElectronOrDom = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'shared/ is the engine: it never imports Electron.' },
    { group: ['react', 'react-dom', 'react-dom/*', 'recharts', '@tanstack/*'], message: 'shared/ holds no UI code.' },
    { group: ['**/renderer/**', '**/electron/**'], message: 'shared/ must not depend on a face (renderer, electron).' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-renderer/', 'release/', 'test/fixtures/', 'test-results/', 'demo-evidence/', '**/*.js', '!eslint.config.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectronOrDom] },
  },
  {
    // The contract and the model are imported by the renderer: no Node built-ins there.
    files: ['shared/model/**/*.ts', 'shared/api/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...noElectronOrDom.patterns, { group: ['node:*', '**/engine/**'], message: 'model and contract types must stay importable by the renderer.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'electron'], message: 'The renderer runs sandboxed: it reaches the engine only through the typed API.' },
            { group: ['**/shared/engine/**', '**/shared/server/**', '**/shared/cli/**', '**/electron/**'], message: 'The renderer imports only shared/model and shared/api/contract.' },
          ],
        },
      ],
    },
  },
);
