/**
 * GB 11643-1999 resident ID numbers (居民身份证号码): 6-digit region, 8-digit birth date, 3-digit sequence and
 * a check character computed from the first 17 digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** Province-level codes: the first two digits of every issued number (used to tell an ID from any 18 digits). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

const SHAPE = /^\d{17}[\dX]$/i;

/** The check character for 17 leading digits, e.g. `X` for `11010519491231002`. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** A real calendar date YYYYMMDD with a year from 1900 to 2099. */
export function isBirthDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * How an 18-character string reads as an ID number:
 * - `valid`: real birth date and a correct check character;
 * - `suspect`: known province code and real birth date, but a wrong check character (a typo or a fake);
 * - `none`: not an ID number.
 */
export type IdNumberVerdict = 'valid' | 'suspect' | 'none';

export function classifyIdNumber(candidate: string): IdNumberVerdict {
  if (!SHAPE.test(candidate) || !isBirthDate(candidate.slice(6, 14))) return 'none';
  if (idCheckCharacter(candidate) === candidate[17]!.toUpperCase()) return 'valid';
  return PROVINCE_CODES.has(Number(candidate.slice(0, 2))) ? 'suspect' : 'none';
}

/** Two-digit year of a first-generation (15-digit) ID: every such number was issued to someone born 1900–1999. */
const OLD_ID_SHAPE = /^\d{15}$/;

/**
 * How a 15-digit string reads as a first-generation ID (6-digit region, YYMMDD birth date, 3-digit sequence;
 * no check digit): `valid` with a known province code and a real date, `suspect` when the province code is
 * known and the month plausible but the day is not, otherwise `none`.
 */
export function classifyOldIdNumber(candidate: string): IdNumberVerdict {
  if (!OLD_ID_SHAPE.test(candidate) || !PROVINCE_CODES.has(Number(candidate.slice(0, 2)))) return 'none';
  const date = `19${candidate.slice(6, 12)}`;
  if (isBirthDate(date)) return 'valid';
  const month = Number(date.slice(4, 6));
  return month >= 1 && month <= 12 ? 'suspect' : 'none';
}
