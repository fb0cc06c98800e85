/**
 * Drafts built to make a checker work hard: about `bytes` (UTF-8) of markdown made of unclosed link brackets
 * around a listed gambling word, so that parsing, matching and finding merging all have much to do. Sized to
 * stay under the API's 1 MB body limit by default.
 */
export function hostileDraft(bytes = 900_000): {
  title: string;
  body: string;
  format: 'markdown';
  kind: 'original';
} {
  const unit = '[博彩';
  return {
    title: '通知',
    body: unit.repeat(Math.floor(bytes / Buffer.byteLength(unit))),
    format: 'markdown',
    kind: 'original',
  };
}
