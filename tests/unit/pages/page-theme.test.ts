import { describe, expect, it } from 'vitest';
import { PAGE_STYLES } from '../../../src/pages/page-styles.js';
import { COLORS, TEXT_PAIRS, contrastRatio } from '../../../src/pages/page-theme.js';

describe('page colours', () => {
  it('computes WCAG contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(TEXT_PAIRS)('%s on %s has contrast of at least 4.5:1', (text, background) => {
    expect(contrastRatio(COLORS[text], COLORS[background])).toBeGreaterThanOrEqual(4.5);
  });

  it('uses no colour in the stylesheet that the palette does not name', () => {
    const palette = new Set(Object.values(COLORS).map((c) => c.toLowerCase()));
    const used = new Set((PAGE_STYLES.match(/#[0-9a-f]{6}\b/gi) ?? []).map((c) => c.toLowerCase()));
    expect([...used].filter((c) => !palette.has(c))).toEqual([]);
  });
});

describe('stylesheet', () => {
  it('gives buttons and tappable rows at least 44 px', () => {
    expect(PAGE_STYLES).toMatch(/\.btn\{[^}]*min-height:52px/);
    expect(PAGE_STYLES).toMatch(/\.check\{[^}]*min-height:44px/);
    expect(PAGE_STYLES).toMatch(/\.queue-item a\{[^}]*min-height:44px/);
  });

  it('shows focus and turns motion off for people who ask', () => {
    expect(PAGE_STYLES).toContain(':focus-visible{outline:3px solid');
    expect(PAGE_STYLES).toContain('@media (prefers-reduced-motion:reduce)');
  });
});
