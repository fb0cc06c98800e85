/**
 * How an element's inline style hides its text (R5): the reasons that cannot be undone by a descendant
 * (display:none, opacity:0, off-screen, a box of zero height or width that clips what overflows) and those a descendant can undo by setting its own value (font-size,
 * visibility, colour). 135编辑器 and 秀米 put font-size:0 on image rows and reset it on the text inside, so only
 * text that stays hidden counts.
 */
export type HiddenReason =
  'display' | 'visibility' | 'font-size' | 'colour' | 'off-screen' | 'opacity' | 'clipped';

export interface StyleState {
  /** Hidden for good: no descendant can show it again. */
  final?: HiddenReason;
  /** Inherited and undone by a descendant's own value. */
  fontSizeZero: boolean;
  visibilityHidden: boolean;
  /** The inherited text colour, and the background colour set on this element or an ancestor. */
  colour?: string;
  background?: string;
}

export const VISIBLE: StyleState = { fontSizeZero: false, visibilityHidden: false };

/** The reason text in this state is hidden, if it is. */
export function hiddenReason(state: StyleState): HiddenReason | undefined {
  if (state.final) return state.final;
  if (state.fontSizeZero) return 'font-size';
  if (state.visibilityHidden) return 'visibility';
  if (state.colour === 'transparent' || (state.colour !== undefined && state.colour === state.background)) {
    return 'colour';
  }
  return undefined;
}

const OFF_SCREEN = /^-\d{3,}(?:\.\d+)?(?:px|pt|em|rem)?$/;
const ZERO = /^0+(?:\.0+)?(?:px|pt|em|rem|%)?$/;

/** The state of an element from its parent's state, its `style` attribute and whether it has `hidden`. */
export function childStyle(
  parent: StyleState,
  style: string | undefined,
  hiddenAttribute: boolean,
): StyleState {
  if (parent.final) return parent;
  if (hiddenAttribute) return { ...parent, final: 'display' };
  if (style === undefined) return parent;
  const state: StyleState = { ...parent };
  const box = new Map<string, string>();
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!important/i, '')
      .trim()
      .toLowerCase();
    applyDeclaration(state, property, value);
    box.set(property, value);
  }
  if (clipsToNothing(box)) state.final = 'clipped';
  return state;
}

/**
 * height:0 (or width:0) with overflow:hidden shows nothing of what the box holds. A zero-height box with padding
 * is the editors' aspect-ratio frame for a video or picture (padding-bottom:56%) and shows its content.
 */
function clipsToNothing(box: Map<string, string>): boolean {
  const clips = ['overflow', 'overflow-y', 'overflow-x'].some((key) =>
    /^(?:hidden|clip)$/.test(box.get(key) ?? ''),
  );
  if (!clips) return false;
  const zero = (key: string) => ZERO.test(box.get(key) ?? '');
  const padded = ['padding', 'padding-top', 'padding-bottom', 'padding-left', 'padding-right'].some((key) =>
    (box.get(key) ?? '0').split(/\s+/).some((part) => !ZERO.test(part)),
  );
  return ['height', 'max-height', 'width', 'max-width'].some(zero) && !padded;
}

function applyDeclaration(state: StyleState, property: string, value: string): void {
  switch (property) {
    case 'display':
      if (value === 'none') state.final = 'display';
      return;
    case 'opacity':
      if (ZERO.test(value)) state.final = 'opacity';
      return;
    case 'visibility':
      state.visibilityHidden = value === 'hidden' || value === 'collapse';
      return;
    case 'font-size':
      state.fontSizeZero = ZERO.test(value);
      return;
    case 'color':
      state.colour = normaliseColour(value);
      return;
    case 'background':
    case 'background-color':
      state.background = normaliseColour(value.split(/\s+/)[0]!);
      return;
    case 'left':
    case 'top':
    case 'text-indent':
    case 'margin-left':
    case 'margin-top':
      if (OFF_SCREEN.test(value) && Number.parseFloat(value) <= -999) state.final = 'off-screen';
      return;
  }
}

const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000', transparent: 'transparent' };

function normaliseColour(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (NAMED[compact]) return NAMED[compact];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(compact);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  const rgb = /^rgba?\((\d+),(\d+),(\d+)(?:,1(?:\.0*)?)?\)$/.exec(compact);
  if (rgb) return `#${[rgb[1], rgb[2], rgb[3]].map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
  return compact;
}
