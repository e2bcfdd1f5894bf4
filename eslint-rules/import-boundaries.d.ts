// Types for the rule's tests (test/lint/import-boundaries.test.ts).
import type { Rule } from 'eslint';

declare const rule: Rule.RuleModule;
export default rule;
