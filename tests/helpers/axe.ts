import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let source: Promise<string> | undefined;

/** A violation reduced to what a failing assertion should print. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const SEVERE = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it stands and returns its serious and critical violations, and those of the rules
 * named in `alsoRules` whatever their impact. The pages send a
 * strict CSP (no inline script), so axe's source is evaluated through the DevTools protocol (`page.evaluate`),
 * which the page's CSP does not govern; nothing about the page or its headers is changed for the scan.
 */
export async function seriousViolations(
  page: Page,
  alsoRules: readonly string[] = [],
): Promise<AxeViolation[]> {
  source ??= readFile(AXE_SOURCE, 'utf8');
  const injected = await page.evaluate('typeof window.axe');
  if (injected !== 'object') await page.evaluate(await source);
  const results = await page.evaluate<AxeResults>(
    'window.axe.run(document, { resultTypes: ["violations"] })',
  );
  return results.violations
    .filter((v) => SEVERE.has(v.impact ?? '') || alsoRules.includes(v.id))
    .map(summarise);
}

function summarise(violation: Result): AxeViolation {
  return {
    id: violation.id,
    impact: violation.impact ?? '',
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  };
}
