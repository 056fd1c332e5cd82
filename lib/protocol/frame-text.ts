import { HubProtocolError } from '../errors.js';

/** Longest excerpt of a bad frame kept in a `HubProtocolError` (logs must not carry whole frames). */
export const EXCERPT_MAX_CHARS = 200;

// `fatal`: a binary frame that is not valid UTF-8 is refused rather than silently mangled.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** At most `EXCERPT_MAX_CHARS` characters of `text`, marked with `…` when cut. */
export function excerptOf(text: string): string {
  return text.length <= EXCERPT_MAX_CHARS ? text : `${text.slice(0, EXCERPT_MAX_CHARS - 1)}…`;
}

/**
 * The text of one WebSocket message. The hub sends text frames; binary frames (a proxy may
 * re-frame) are accepted when they are valid UTF-8. Accepts what browsers and `ws` deliver:
 * string, ArrayBuffer, any ArrayBuffer view (Buffer, Uint8Array) and `ws` fragment arrays.
 */
export function frameText(data: unknown): string | HubProtocolError {
  if (typeof data === 'string') return data;
  let kind: string = data === null ? 'null' : typeof data;
  let bytes: Uint8Array | undefined;
  try {
    if (Array.isArray(data)) kind = 'array of non-binary values';
    bytes = frameBytes(data);
  } catch {
    // Exotic input (a revoked Proxy, a throwing getter): still an error value, never a throw.
  }
  if (!bytes) return new HubProtocolError(`Unsupported frame data (${kind})`, kind);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const head = new TextDecoder().decode(bytes.subarray(0, EXCERPT_MAX_CHARS));
    return new HubProtocolError(
      `Binary frame of ${bytes.byteLength} bytes is not valid UTF-8`,
      excerptOf(head),
    );
  }
}

function frameBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  // Views and buffers from another realm (an iframe, a test VM) fail `instanceof`.
  if (ArrayBuffer.isView(data)) return bytesOf(data);
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]')
    return new Uint8Array(data as ArrayBuffer);
  // `ws` delivers a fragmented message as `Buffer[]` when `binaryType` is `'fragments'`.
  if (!Array.isArray(data) || !data.every(ArrayBuffer.isView)) return undefined;
  const joined = new Uint8Array(data.reduce((total, view) => total + view.byteLength, 0));
  let offset = 0;
  for (const view of data) {
    joined.set(bytesOf(view), offset);
    offset += view.byteLength;
  }
  return joined;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
