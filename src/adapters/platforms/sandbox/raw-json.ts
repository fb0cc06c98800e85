const MARKER = '\u0000bigint:';

/**
 * JSON.stringify that writes bigint values as bare integer literals, so a fake can send ids above 2^53
 * exactly as the platforms do (JSON.stringify alone throws on bigint; Node 20 has no JSON.rawJSON).
 */
export function stringifyWithBigInts(value: unknown): string {
  const json = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${MARKER}${item.toString()}` : item,
  );
  return json.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
