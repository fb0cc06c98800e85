/**
 * Vitest setup for record.config.ts: every draft a unit test hands to the checker or to a rule's test context is
 * appended (with its scope) to $CHECK_GOLDEN_RECORD as one JSON line, so the golden run can replay them.
 */
import { appendFileSync } from 'node:fs';
import { vi } from 'vitest';
import type * as BuildChecker from '../../src/domain/checks/build-checker.js';
import type * as CheckContextHelpers from '../../tests/unit/helpers/check-context.js';
import type * as TermMatchHelpers from '../../tests/unit/helpers/term-matches.js';
import type { CheckScope } from '../../src/domain/checks/check-scope.js';
import type { Draft } from '../../src/domain/draft.js';

const out = process.env.CHECK_GOLDEN_RECORD;
if (out === undefined) throw new Error('set CHECK_GOLDEN_RECORD to the file that receives the drafts');

function record(draft: Partial<Draft>, scope?: CheckScope): void {
  appendFileSync(
    out!,
    JSON.stringify({ draft: { title: '', body: '', ...draft }, scope: scope ?? {} }) + '\n',
  );
}

vi.mock('../../src/domain/checks/build-checker.js', async (importOriginal) => {
  const original = await importOriginal<typeof BuildChecker>();
  return {
    ...original,
    buildChecker: (...args: Parameters<typeof original.buildChecker>): BuildChecker.Checker => {
      const checker = original.buildChecker(...args);
      return {
        check: (draft, scope) => {
          record(draft, scope);
          return checker.check(draft, scope);
        },
      };
    },
  };
});

vi.mock('../../tests/unit/helpers/check-context.js', async (importOriginal) => {
  const original = await importOriginal<typeof CheckContextHelpers>();
  return {
    ...original,
    contextOf: (...args: Parameters<typeof original.contextOf>) => {
      record(args[0], args[1]?.scope);
      return original.contextOf(...args);
    },
  };
});

vi.mock('../../tests/unit/helpers/term-matches.js', async (importOriginal) => {
  const original = await importOriginal<typeof TermMatchHelpers>();
  return {
    ...original,
    scanOf: (...args: Parameters<typeof original.scanOf>) => {
      record(args[2] === 'title' ? { title: args[0] } : { body: args[0] });
      return original.scanOf(...args);
    },
  };
});
