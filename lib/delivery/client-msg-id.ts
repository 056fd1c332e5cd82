/** The parts of Web Crypto used here; any of them may be missing (plain-http pages, old hosts). */
export interface CryptoLike {
  /** `crypto.randomUUID` (secure contexts only). */
  randomUUID?: (() => string) | undefined;
  /** `crypto.getRandomValues`. */
  getRandomValues?: (<T extends Uint8Array>(array: T) => T) | undefined;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** An RFC 4122 version 4 UUID from 16 random bytes. */
export function uuidFromBytes(bytes: Uint8Array): string {
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  // 8-4-4-4-12 hex digits.
  return hex(bytes).replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

/**
 * A new `client_msg_id` (a v4 UUID). `crypto.randomUUID` exists only in secure contexts (https,
 * localhost); on a plain-http page `crypto.getRandomValues` still does, so it is the fallback;
 * `Math.random` only where neither exists (it is not a secure source, but an id needs uniqueness,
 * not secrecy).
 */
export function newClientMsgId(
  source: CryptoLike | undefined = (globalThis as { crypto?: CryptoLike }).crypto,
  random: () => number = Math.random,
): string {
  if (typeof source?.randomUUID === 'function') return source.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof source?.getRandomValues === 'function') source.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(random() * 256);
  return uuidFromBytes(bytes);
}
