import { pinyin } from 'pinyin-pro';

/**
 * Characters that look like the characters of leaders' and protected names (形近字). Homophones (同音字) need no
 * table: pinyin-pro gives every reading of a character.
 */
const LOOK_ALIKES: Record<string, string> = {
  习: '刁',
  党: '觉堂常赏尝',
  平: '乎苹坪',
  国: '围固图',
  共: '其典',
  民: '氏',
  和: '禾',
  华: '毕',
  产: '严',
  人: '入八',
  会: '仑',
  军: '车',
  政: '攻',
  协: '办',
  院: '阮',
  央: '夹',
};

const readings = new Map<string, readonly string[]>();

function readingsOf(char: string): readonly string[] {
  let known = readings.get(char);
  if (!known) {
    known = pinyin(char, { toneType: 'none', type: 'array', multiple: true });
    readings.set(char, known);
  }
  return known;
}

const HAN = /^\p{Script=Han}$/u;

/** Whether `written` may be a slip for `meant`: a look-alike or a character sharing a reading (tones aside). */
export function confusable(written: string, meant: string): boolean {
  if (written === meant || !HAN.test(written)) return false;
  if (LOOK_ALIKES[meant]?.includes(written) || LOOK_ALIKES[written]?.includes(meant)) return true;
  const meantReadings = readingsOf(meant);
  return readingsOf(written).some((reading) => meantReadings.includes(reading));
}

/** Whether `written` is `meant` with exactly one character slipped to a confusable one. */
export function oneSlip(written: string, meant: string): boolean {
  if (written.length !== meant.length) return false;
  let slip = -1;
  for (let i = 0; i < meant.length; i++) {
    if (written[i] === meant[i]) continue;
    if (slip !== -1) return false;
    slip = i;
  }
  return slip !== -1 && confusable(written[slip]!, meant[slip]!);
}

/** Whether `written` is `meant` with one character doubled (全国人民代表大大会). */
export function oneDoubled(written: string, meant: string): boolean {
  if (written.length !== meant.length + 1) return false;
  for (let i = 1; i < written.length; i++) {
    if (written[i] === written[i - 1] && written.slice(0, i) + written.slice(i + 1) === meant) return true;
  }
  return false;
}
