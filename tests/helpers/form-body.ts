/** A form body as a browser posts it (application/x-www-form-urlencoded), repeated fields for arrays. */
export function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    for (const item of [value].flat()) body.append(key, item);
  return body.toString();
}
