export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp';

const MAGIC: Readonly<Record<ImageFormat, readonly number[]>> = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff],
  gif: [0x47, 0x49, 0x46, 0x38],
  bmp: [0x42, 0x4d],
};

/** The format named by the file's magic bytes, as the platforms check it (not the file name). */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  const formats = Object.keys(MAGIC) as ImageFormat[];
  return formats.find((format) => MAGIC[format].every((byte, index) => bytes[index] === byte));
}

/** Bytes that pass for an image of the format: its magic number padded to `size` bytes. */
export function fakeImageBytes(format: ImageFormat, size = 64): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, MAGIC[format].length));
  bytes.set(MAGIC[format]);
  return bytes;
}
