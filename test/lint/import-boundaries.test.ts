// The import-boundaries rule on its own (eslint-rules/import-boundaries.js),
// with the roles the repository declares (eslint.config.js): each boundary of
// docs/architecture.md is broken once here and must be reported, and the
// imports each role may make must pass.
import { join } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import rule from '../../eslint-rules/import-boundaries.js';
import { BOUNDARY_ROLES } from '../../eslint.config.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = process.cwd();
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser as never, ecmaVersion: 2023, sourceType: 'module' } });
const options = [{ roles: BOUNDARY_ROLES }];

const at = (file: string, code: string) => ({ code, filename: join(root, file), options });
const broken = (file: string, code: string) => ({ ...at(file, code), errors: [{ messageId: 'forbidden' }] });

tester.run('import-boundaries', rule as never, {
  valid: [
    at('renderer/src/screens/X.tsx', "import type { BundleRef } from '../../../shared/api/contract.js';"),
    at('renderer/src/screens/X.tsx', "import { FINDING_CATALOG } from '../../../shared/model/findings.js';"),
    at('renderer/src/screens/X.tsx', "import { navigate } from '../app/route.js'; import { useState } from 'react';"),
    at('shared/model/x.ts', "import type { Severity } from './findings.js';"),
    at('shared/api/contract.ts', "import type { Result } from './result.js';"),
    at('shared/engine/case/x.ts', "import { readFileSync } from 'node:fs'; import { sha256Hex } from '../crypto/sha256.js';"),
    at('shared/api/handlers.ts', "import { importBundle } from '../engine/case/import-bundle.js';"),
    at('electron/main.ts', "import { app } from 'electron'; import { startWorkerHost } from '../shared/host/worker-host.js';"),
    at('electron/main.ts', "import { createThrowawayKeyHome } from '../shared/face/throwaway-key-home.js';"),
    at('shared/server/web-server.ts', "import { securityHeaders } from '../face/security-headers.js';"),
    // Tests and the command line's launcher are not governed.
    at('test/api/x.test.ts', "import { createEngine } from '../../shared/api/engine.js'; import { app } from 'electron';"),
  ],
  invalid: [
    broken('renderer/src/screens/X.tsx', "import { createHandlers } from '../../../shared/api/handlers.js';"),
    broken('renderer/src/screens/X.tsx', "import { verifyBundle } from '../../../shared/engine/verify/verify-bundle.js';"),
    broken('renderer/src/screens/X.tsx', "import { readFileSync } from 'node:fs';"),
    broken('renderer/src/screens/X.tsx', "import { readFileSync } from 'fs';"),
    broken('renderer/src/screens/X.tsx', "import { ipcRenderer } from 'electron';"),
    broken('renderer/src/screens/X.tsx', "export { x } from '../../../shared/cli/run-cli.js';"),
    broken('renderer/src/screens/X.tsx', "const m = await import('../../../shared/engine/case/case-file.js');"),
    broken('shared/engine/x.ts', "import { BrowserWindow } from 'electron';"),
    broken('shared/api/x.ts', "import { useState } from 'react';"),
    broken('shared/engine/x.ts', "import { ColumnDef } from '@tanstack/react-table';"),
    broken('shared/server/x.ts', "import { App } from '../../renderer/src/app/App.js';"),
    broken('shared/model/x.ts', "import { createHash } from 'node:crypto';"),
    broken('shared/api/contract.ts', "import type { CaseFile } from '../engine/case/case-file.js';"),
    broken('shared/engine/case/x.ts', "import { runCli } from '../../cli/run-cli.js';"),
    broken('shared/engine/case/x.ts', "import type { EnginePort } from '../../api/engine-port.js';"),
    broken('shared/engine/x.ts', "import { startWebWorkstation } from '../server/start-web.js';"),
    broken('shared/engine/x.ts', "import { importOnThread } from '../host/import-thread.js';"),
    broken('electron/main.ts', "import { startWebWorkstation } from '../shared/server/start-web.js';"),
  ],
});
