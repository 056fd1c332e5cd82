import { HubProtocolError } from '../errors.js';

/** Longest excerpt of a bad frame kept in a `HubProtocolError` (logs must not carry whole frames). */
export const EXCERPT_MAX_CHARS = 200;

// `fatal`: a binary frame that is not valid UTF-8 is refused rather than silently mangled.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

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
  let bytes: Uint8Array | undefined;
  try {
    bytes = frameBytes(data);
  } catch {
    // Exotic input (a revoked Proxy, a throwing getter): still an error value, never a throw.
    bytes = undefined;
  }
  if (bytes === undefined) {
    return new HubProtocolError(`Unsupported frame data (${describe(data)})`, describe(data));
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const head = lenientUtf8.decode(bytes.subarray(0, EXCERPT_MAX_CHARS));
    return new HubProtocolError(
      `Binary frame of ${bytes.byteLength} bytes is not valid UTF-8`,
      excerptOf(head),
    );
  }
}

function frameBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  // Views and buffers from another realm (an iframe, a test VM) fail `instanceof`.
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (isArrayBuffer(data)) return new Uint8Array(data);
  if (Array.isArray(data)) return joinFragments(data);
  return undefined;
}

function isArrayBuffer(data: unknown): data is ArrayBuffer {
  return data instanceof ArrayBuffer || Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}

/** `ws` delivers a fragmented message as `Buffer[]` when `binaryType` is `'fragments'`. */
function joinFragments(fragments: readonly unknown[]): Uint8Array | undefined {
  let total = 0;
  const views: Uint8Array[] = [];
  for (const fragment of fragments) {
    if (!ArrayBuffer.isView(fragment)) return undefined;
    views.push(new Uint8Array(fragment.buffer, fragment.byteOffset, fragment.byteLength));
    total += fragment.byteLength;
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const view of views) {
    joined.set(view, offset);
    offset += view.byteLength;
  }
  return joined;
}

function describe(data: unknown): string {
  if (data === null) return 'null';
  try {
    if (Array.isArray(data)) return 'array of non-binary values';
  } catch {
    // A revoked Proxy throws even here.
  }
  return typeof data;
}
