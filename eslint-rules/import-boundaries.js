// The architecture's import boundaries by role, as one lint rule. Each role
// names the files it governs (paths from the repository root: a folder ends
// with '/', anything else is one file) and what those files may or may not
// import: other files of the repository by the same kind of path, packages by
// name ('react', '@tanstack/*'), and Node's built-in modules as 'node:'. The
// roles themselves are declared in eslint.config.js; docs/architecture.md
// ("Boundaries") says why. Tested in test/lint/import-boundaries.test.ts.
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** A repository path matches a pattern: a folder ('shared/engine/') by prefix, a file exactly (any extension of the same stem). */
function pathMatches(path, pattern) {
  if (pattern.endsWith('/')) return path.startsWith(pattern);
  return path === pattern || stem(path) === stem(pattern);
}

const stem = (p) => p.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');

/** A package specifier matches a pattern: 'react' (and its subpaths), '@tanstack/*', or 'node:' for the built-ins. */
function packageMatches(name, pattern) {
  if (pattern === 'node:') return name.startsWith('node:') || BUILTINS.has(name) || BUILTINS.has(name.split('/')[0]);
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern || name.startsWith(pattern + '/');
}

/** What an import names: a repository path (for a relative specifier) or a package. */
function targetOf(specifier, fileDir, root) {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const abs = resolve(fileDir, specifier);
    const rel = relative(root, abs).split(sep).join('/');
    return rel.startsWith('..') ? { kind: 'outside', name: specifier } : { kind: 'path', name: rel };
  }
  return { kind: 'package', name: specifier };
}

/** 'node:', a scoped package ('@tanstack/*') or a name without a folder ('react') is a package pattern; the rest are repository paths. */
function isPackagePattern(p) {
  return p === 'node:' || p.startsWith('@') || !p.includes('/');
}

function matches(target, pattern) {
  if (target.kind === 'package') return isPackagePattern(pattern) && packageMatches(target.name, pattern);
  return !isPackagePattern(pattern) && pathMatches(target.name, pattern);
}

/** `allow` (repository paths) is the whole list of files the role may import; `deny` names paths and packages it may not. */
function broken(target, role) {
  if (target.kind === 'outside') return false;
  if (role.allow && target.kind === 'path' && !role.allow.some((p) => matches(target, p))) return true;
  return (role.deny ?? []).some((p) => matches(target, p));
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the architecture: each role imports only what it may.' },
    schema: [
      {
        type: 'object',
        properties: {
          roles: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                files: { type: 'array', items: { type: 'string' } },
                except: { type: 'array', items: { type: 'string' } },
                allow: { type: 'array', items: { type: 'string' } },
                deny: { type: 'array', items: { type: 'string' } },
                because: { type: 'string' },
              },
              required: ['name', 'files', 'because'],
              additionalProperties: false,
            },
          },
        },
        required: ['roles'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: "{{role}} may not import '{{specifier}}': {{because}}",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    const roles = (context.options[0]?.roles ?? []).filter((r) => r.files.some((p) => pathMatches(file, p)) && !(r.except ?? []).some((p) => pathMatches(file, p)));
    if (roles.length === 0) return {};
    const fileDir = dirname(context.filename);

    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const target = targetOf(source.value, fileDir, root);
      for (const role of roles) {
        if (broken(target, role)) {
          context.report({ node: source, messageId: 'forbidden', data: { role: role.name, specifier: source.value, because: role.because } });
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : undefined),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : undefined),
    };
  },
};
