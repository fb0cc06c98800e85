/**
 * JSON.parse, except that integer values of the named fields come back as exact decimal strings.
 * WeChat sends ids such as msgid above 2^53 (e.g. 3717005636572528642), which JSON.parse would round;
 * Node 20 has no JSON.parse source access, so the literals are quoted before parsing. Text inside string
 * values cannot match, because a quote inside a JSON string is always escaped.
 */
export function parseJsonWithStringIds(text: string, idFields: readonly string[]): unknown {
  if (idFields.length === 0) return JSON.parse(text);
  const names = idFields.map(escapeRegExp).join('|');
  const integerField = new RegExp(`("(?:${names})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
  return JSON.parse(text.replace(integerField, '$1"$2"'));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
