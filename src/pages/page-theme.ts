/**
 * The pages' colours in one place, so that every text/background pair can be checked for WCAG contrast
 * (tests/unit/pages/page-theme.test.ts requires ≥ 4.5:1 for each pair in TEXT_PAIRS).
 */
export const COLORS = {
  ink: '#1f2329',
  inkMuted: '#4e5969',
  paper: '#ffffff',
  canvas: '#f2f3f5',
  line: '#d0d5dd',
  brand: '#0b57d0',
  brandHover: '#0842a0',
  brandTint: '#e8f0fe',
  seal: '#b8141b',
  danger: '#b42318',
  dangerTint: '#fdecea',
  success: '#067647',
  successTint: '#e7f6ec',
  warning: '#a04100',
  warningTint: '#fff4e5',
  // Marks: the background behind highlighted article text (ink on it), and the number badge (white on it,
  // except review: ink on yellow, which reads better than white on dark yellow).
  markBlock: '#fde2de',
  markEscalate: '#ffe4c2',
  markReview: '#fff0a3',
  markInfo: '#e6e9ee',
  badgeBlock: '#b42318',
  badgeEscalate: '#a04100',
  badgeReview: '#f5c400',
  badgeInfo: '#5b6472',
} as const;

export type ColorName = keyof typeof COLORS;

/** Every [text, background] pair the stylesheet uses for text. */
export const TEXT_PAIRS: readonly (readonly [ColorName, ColorName])[] = [
  ['ink', 'paper'],
  ['ink', 'canvas'],
  ['inkMuted', 'paper'],
  ['inkMuted', 'canvas'],
  ['paper', 'brand'],
  ['paper', 'brandHover'],
  ['brand', 'paper'],
  ['brand', 'brandTint'],
  ['paper', 'seal'],
  ['danger', 'paper'],
  ['danger', 'dangerTint'],
  ['paper', 'danger'],
  ['success', 'successTint'],
  ['success', 'paper'],
  ['warning', 'warningTint'],
  ['ink', 'markBlock'],
  ['ink', 'markEscalate'],
  ['ink', 'markReview'],
  ['ink', 'markInfo'],
  ['paper', 'badgeBlock'],
  ['paper', 'badgeEscalate'],
  ['ink', 'badgeReview'],
  ['paper', 'badgeInfo'],
  ['inkMuted', 'brandTint'],
];

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
