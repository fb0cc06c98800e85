/**
 * JSON.parse, except that integer values of the named fields come back as exact decimal strings.
 * WeChat sends ids such as msgid above 2^53 (e.g. 3717005636572528642), which JSON.parse would round;
 * Node 20 has no JSON.parse source access, so the literals are quoted before parsing. Text inside string
 * values cannot match, because a quote inside a JSON string is always escaped.
 */
export function parseJsonWithStringIds(text: string, idFields: readonly string[]): unknown {
  if (idFields.length === 0) return JSON.parse(text);
  return JSON.parse(text.replace(integerFieldsOf(idFields), '$1"$2"'));
}

/** The pattern of each list of fields, made once: every platform answer is parsed with the same list. */
const patterns = new WeakMap<readonly string[], RegExp>();

function integerFieldsOf(idFields: readonly string[]): RegExp {
  let pattern = patterns.get(idFields);
  if (!pattern) {
    const names = idFields.map(escapeRegExp).join('|');
    pattern = new RegExp(`("(?:${names})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
    patterns.set(idFields, pattern);
  }
  return pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
