/**
 * The UTF-8 size of `text` in bytes, as `TextEncoder` would encode it (a lone surrogate
 * becomes U+FFFD, 3 bytes), without allocating the encoded bytes. Browser-safe.
 *
 * @example
 * utf8ByteLength('€'); // 3
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    // Units up to U+07FF take 2 bytes, the rest 3; a surrogate pair (high D800–DBFF, then low
    // DC00–DFFF) takes 4 for its 2 units.
    bytes += unit < 0x800 ? 1 : 2;
    if ((unit & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return bytes;
}
