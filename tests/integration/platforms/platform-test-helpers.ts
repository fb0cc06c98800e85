import { PublisherError } from '../../../src/adapters/platforms/publisher-error.js';
import type { ImageFile } from '../../../src/adapters/platforms/platform-http.js';
import { fakeImageBytes, type ImageFormat } from '../../fakes/image-bytes.js';

/** The PublisherError a call rejects with; fails the test if it resolves or rejects with something else. */
export async function failureOf(promise: Promise<unknown>): Promise<PublisherError> {
  const outcome: unknown = await promise.then(
    () => 'resolved',
    (reason: unknown) => reason,
  );
  if (!(outcome instanceof PublisherError))
    throw new Error(`expected a PublisherError, got ${String(outcome)}`);
  return outcome;
}

/** A clock the fakes read instead of Date.now, so expiry and publish delays need no waiting. */
export class ManualClock {
  #now = Date.UTC(2026, 10, 1, 2, 0, 0);

  readonly now = (): number => this.#now;

  advance(ms: number): void {
    this.#now += ms;
  }
}

const MIME: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

export function imageFile(format: ImageFormat, size = 64): ImageFile {
  return { data: fakeImageBytes(format, size), filename: `image.${format}`, contentType: MIME[format] };
}
