import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../protocol/loopback.js';

/**
 * Which web pages may use the emulator from a browser. Browsers send `Origin` with every
 * WebSocket upgrade and every POST; Node clients send none. Without `apiKeys` anything that
 * reaches the port is accepted, so a page on any site (or one that rebinds its DNS name to
 * 127.0.0.1) could open sockets and read other users' conversations: then only pages on a
 * loopback origin (or `allowedOrigins`) may. With `apiKeys` the key is the guard and any
 * origin may connect, as on the real hub.
 */
export interface OriginPolicy {
  /** `apiKeys` are configured: every origin is allowed (the key is checked instead). */
  readonly keyed: boolean;
  /** `allowedOrigins`, normalised to `scheme://host[:port]`. */
  readonly extra: ReadonlySet<string>;
}

export function originPolicy(
  apiKeys: readonly string[] | undefined,
  allowedOrigins: readonly string[] = [],
): OriginPolicy {
  const extra = new Set<string>();
  for (const origin of allowedOrigins) {
    const parsed = parseOrigin(origin);
    if (parsed) extra.add(parsed.origin);
  }
  return { keyed: apiKeys !== undefined, extra };
}

function parseOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The request's `Origin` header, if any (one value). */
export function originOf(request: IncomingMessage): string | undefined {
  const origin = request.headers.origin;
  return Array.isArray(origin) ? origin[0] : origin;
}

/** Whether a request with this `Origin` (none: not from a page) may connect or post. */
export function isAllowedOrigin(origin: string | undefined, policy: OriginPolicy): boolean {
  if (origin === undefined || policy.keyed) return true;
  const parsed = parseOrigin(origin); // `null` (sandboxed frames, files) parses to nothing: refused
  return parsed !== undefined && (isLoopbackHost(parsed.hostname) || policy.extra.has(parsed.origin));
}

/** CORS headers for this request: its own `Origin` echoed when allowed, never `*`. */
export function corsHeadersFor(request: IncomingMessage, policy: OriginPolicy): Record<string, string> {
  const origin = originOf(request);
  return origin !== undefined && isAllowedOrigin(origin, policy)
    ? { 'access-control-allow-origin': origin, vary: 'Origin' }
    : { vary: 'Origin' };
}

/**
 * For state-changing routes of a page served by the emulator (the demo's `POST /demo/drop`): only
 * the page itself may call them. `Sec-Fetch-Site` when the browser sends it, else `Origin` must be
 * the request's own host; a request with neither (curl, scripts) is not from a page.
 */
export function isSameOriginRequest(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = originOf(request);
  if (origin === undefined) return true;
  const parsed = parseOrigin(origin);
  return parsed !== undefined && parsed.host === request.headers.host;
}

/** `0.0.0.0`, `::`: every interface. */
export function isUnspecifiedHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** The loud warning for an emulator reachable from other machines with no key, or `undefined`. */
export function exposureWarning(host: string, apiKeys: readonly string[] | undefined): string | undefined {
  if (apiKeys !== undefined || isLoopbackHost(host.includes(':') ? `[${host}]` : host)) return undefined;
  return (
    `The hub emulator listens on ${host} without apiKeys: anyone who can reach this port can open ` +
    'sockets and read every conversation. Set apiKeys (or bind 127.0.0.1).'
  );
}

const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `http://<Host header>` when the header is a plain host[:port], for links a client can reach. */
export function baseUrlFromHost(request: IncomingMessage): string | undefined {
  const host = request.headers.host;
  return host !== undefined && HOST_HEADER.test(host) ? `http://${host}` : undefined;
}
