/**
 * Where the client may send the API key over HTTP (the `x-api-key` of a large-reply fetch).
 * The key belongs to the hub the user connected to: by default only the HTTP origin of that
 * hub's socket URL receives it — `https:` for a `wss:` hub; `http:` for a `ws:` hub only on a
 * loopback host (a local emulator), since plain HTTP elsewhere would expose the key on the wire.
 * The user widens this with `trustedOrigins` (the vendor may serve its HTTP API on another host).
 */

import { isLoopbackHost } from '../protocol/loopback.js';

/** `scheme://host[:port]` of an absolute http(s) URL (default ports dropped), else `undefined`. */
export function httpOriginOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The HTTP origin that shares the hub socket URL's host and port, when the default policy trusts it. */
export function hubHttpOrigin(socketUrl: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(socketUrl);
  } catch {
    return undefined;
  }
  const secure = parsed.protocol === 'wss:';
  if (!secure && !(parsed.protocol === 'ws:' && isLoopbackHost(parsed.hostname))) return undefined;
  // Same host and explicit port; URL drops a default port (443 / 80) on both sides alike.
  return httpOriginOf(`${secure ? 'https' : 'http'}://${parsed.host}`);
}

/** The origins a hub sends its key to: the hub's own (see {@link hubHttpOrigin}) plus `extra`. */
export function trustedOriginsOf(socketUrl: string, extra: readonly string[] = []): ReadonlySet<string> {
  const origins = new Set<string>();
  const own = hubHttpOrigin(socketUrl);
  if (own) origins.add(own);
  for (const origin of extra) {
    const normalised = httpOriginOf(origin);
    if (normalised) origins.add(normalised);
  }
  return origins;
}

/** Whether `link` is an absolute http(s) URL on one of `trusted` (never a relative or other-scheme link). */
export function isTrustedLink(link: string, trusted: ReadonlySet<string>): boolean {
  const origin = httpOriginOf(link);
  return origin !== undefined && trusted.has(origin);
}
