import { HubProtocolError } from '../errors.js';
import { isString } from './json.js';

/** Longest excerpt of a bad frame kept in a `HubProtocolError` (logs must not carry whole frames). */
export const EXCERPT_MAX_CHARS = 200;

// `fatal`: a binary frame that is not valid UTF-8 is refused rather than silently mangled.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** At most `EXCERPT_MAX_CHARS` characters of `text`, marked with `…` when cut. */
export function excerptOf(text: string): string {
  return text.length <= EXCERPT_MAX_CHARS ? text : `${text.slice(0, EXCERPT_MAX_CHARS - 1)}…`;
}

/**
 * The text of one WebSocket message: what a socket delivers, a string, an ArrayBuffer or an
 * ArrayBuffer view (Buffer, Uint8Array). The hub sends text frames; binary frames (a proxy may
 * re-frame) are accepted when they are valid UTF-8. Anything else is unsupported data.
 */
export function frameText(data: unknown): string | HubProtocolError {
  if (isString(data)) return data;
  let binary = false;
  try {
    // `instanceof` throws on a revoked Proxy: that is unsupported data too, never a throw.
    binary = ArrayBuffer.isView(data) || data instanceof ArrayBuffer;
    if (binary) return strictUtf8.decode(data as ArrayBuffer);
  } catch {
    // Not valid UTF-8, or not binary at all: told apart by `binary`.
  }
  if (!binary) {
    const kind = data === null ? 'null' : typeof data;
    return new HubProtocolError(`Unsupported frame data (${kind})`, kind);
  }
  return new HubProtocolError(
    `Binary frame of ${(data as ArrayBuffer).byteLength} bytes is not valid UTF-8`,
    excerptOf(new TextDecoder().decode(data as ArrayBuffer)),
  );
}
