import { createHash } from 'node:crypto';

/** JSON values as stored in the audit trail. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export type JsonObject = { readonly [key: string]: JsonValue | undefined };

/**
 * One fixed serialisation for hashing: object keys sorted by code unit, no whitespace, `undefined`
 * members left out. Two entries with the same content always give the same string.
 */
export function canonicalJson(value: JsonValue | undefined): string {
  const pieces: string[] = [];
  writeCanonical(value, pieces);
  return pieces.join('');
}

/**
 * A piece this long (a draft's body) goes to the hash on its own; the short ones around it are joined first,
 * as one call per piece would cost more than the copy.
 */
const LONG_PIECE = 1024;

/**
 * SHA-256 (hex) of canonicalJson(value) as UTF-8, without building that string: the digest is the same, but a
 * draft's body is not copied into it (and that copy flattened again for the hash) on every submission.
 * Pieces are whole JSON tokens, so none splits a surrogate pair and their UTF-8 bytes are the whole string's.
 */
export function canonicalSha256(value: JsonValue | undefined): string {
  const pieces: string[] = [];
  writeCanonical(value, pieces);
  const hash = createHash('sha256');
  let from = 0;
  pieces.forEach((piece, index) => {
    if (piece.length < LONG_PIECE) return;
    if (index > from) hash.update(pieces.slice(from, index).join(''), 'utf8');
    hash.update(piece, 'utf8');
    from = index + 1;
  });
  if (from < pieces.length) hash.update(pieces.slice(from).join(''), 'utf8');
  return hash.digest('hex');
}

/**
 * Appends `value`'s canonical JSON to `pieces`. One list for the whole value, joined once: joining at every
 * depth copied each string again per level it is nested in.
 */
function writeCanonical(value: JsonValue | undefined, pieces: string[]): void {
  if (Array.isArray(value)) {
    pieces.push('[');
    value.forEach((item: JsonValue, index) => {
      if (index > 0) pieces.push(',');
      writeCanonical(item, pieces);
    });
    pieces.push(']');
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const object = value as JsonObject;
    let separator = '{';
    for (const key of sortedKeys(object)) {
      if (object[key] === undefined) continue;
      pieces.push(separator, JSON.stringify(key), ':');
      writeCanonical(object[key], pieces);
      separator = ',';
    }
    pieces.push(separator === '{' ? '{}' : '}');
    return;
  }
  pieces.push(JSON.stringify(value ?? null));
}

/**
 * The object's keys in code-unit order, as Array.prototype.sort orders strings, sorted in place by insertion:
 * an entry has a few keys, and the built-in sort allocated more per call than the whole entry's JSON.
 */
function sortedKeys(object: JsonObject): string[] {
  const keys = Object.keys(object);
  for (let sorted = 1; sorted < keys.length; sorted++) {
    const key = keys[sorted]!;
    let at = sorted;
    for (; at > 0 && keys[at - 1]! > key; at--) keys[at] = keys[at - 1]!;
    keys[at] = key;
  }
  return keys;
}
