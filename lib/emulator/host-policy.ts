import { isIP } from 'node:net';
import { InvalidArgumentError } from '../errors.js';
import { isLoopbackHost } from '../protocol/loopback.js';

/**
 * Which `Host` headers the emulator answers. A DNS-rebinding page (`evil.example` re-pointed at
 * 127.0.0.1 once loaded) is same-origin with the emulator in the browser's eyes: its requests carry
 * no `Origin`, so the origin policy lets them through, but they carry `Host: evil.example:PORT`.
 * Without `apiKeys` only loopback names, IP literals (a rebinding needs a DNS name), the host the
 * emulator listens on and `allowedHosts` are answered. With `apiKeys` the key is the guard, as for
 * origins. The port is not compared, as in Vite and webpack-dev-server.
 */
export interface HostPolicy {
  /** Every `Host` is answered: `apiKeys` are configured, or `allowedHosts: true`. */
  readonly open: boolean;
  /** Exact host names (lower case, no trailing dot). */
  readonly names: ReadonlySet<string>;
  /** `.example.com` entries: the domain and every name under it. */
  readonly domains: readonly string[];
}

const NAME = /^[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?$/;
// A Host header: a name or IPv4 literal, or a bracketed IPv6 literal; an optional port.
const HOST_HEADER = /^(?:\[([0-9a-f:.]{2,45})\]|([a-z0-9_.-]{1,253}))(?::\d{1,5})?$/;

function normalName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** One `allowedHosts` entry as a name or `.domain`; anything else is a mistake worth a clear error. */
function addEntry(entry: string, names: Set<string>, domains: string[]): void {
  const domain = entry.trim().startsWith('.');
  const name = normalName(domain ? entry.trim().slice(1) : entry);
  if (isIP(name) === 0 && !NAME.test(name)) {
    throw new InvalidArgumentError(
      `allowedHosts: ${JSON.stringify(entry.slice(0, 100))} is not a host name; give names without ` +
        "scheme or port ('hub.local'), '.example.com' for a domain and its subdomains, or true for any host",
    );
  }
  if (domain) domains.push(name);
  else names.add(name);
}

/**
 * The policy for these options. Throws {@link InvalidArgumentError} for an `allowedHosts` entry
 * that is not a host name (a URL, a port, `*`).
 */
export function hostPolicy(
  apiKeys: readonly string[] | undefined,
  listenHost: string,
  allowedHosts: readonly string[] | true = [],
): HostPolicy {
  const names = new Set<string>();
  const domains: string[] = [];
  if (allowedHosts !== true) for (const entry of allowedHosts) addEntry(entry, names, domains);
  const listen = normalName(listenHost.replace(/^\[(.*)\]$/, '$1'));
  if (NAME.test(listen)) names.add(listen);
  return { open: apiKeys !== undefined || allowedHosts === true, names, domains };
}

/** The host name of a `Host` header (lower case, no port, no brackets, no trailing dot), if well formed. */
export function hostNameOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : HOST_HEADER.exec(header.toLowerCase());
  if (!match) return undefined;
  const literal = match[1];
  if (literal !== undefined) return isIP(literal) === 6 ? literal : undefined;
  const name = match[2] ?? '';
  return normalName(name) || undefined;
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackHost(name);
}

/** Whether the emulator answers a request with this `Host` header (none or malformed: refused). */
export function isAllowedHost(header: string | undefined, policy: HostPolicy): boolean {
  if (policy.open) return true;
  const name = hostNameOf(header);
  if (name === undefined) return false;
  return (
    isIP(name) !== 0 ||
    isLoopbackName(name) ||
    policy.names.has(name) ||
    policy.domains.some((domain) => name === domain || name.endsWith(`.${domain}`))
  );
}

/**
 * A refused `Host` for a log line: quoted, at most 80 characters, anything but printable ASCII
 * escaped, so a hostile header cannot forge log lines or drive the terminal.
 */
export function describeHost(header: string | undefined): string {
  if (header === undefined) return 'no Host header';
  const safe = header
    .slice(0, 80)
    .replace(/["\\]|[^\x20-\x7e]/g, (c) =>
      c === '"' || c === '\\' ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
  const more = header.length > 80 ? '…' : '';
  return `Host "${safe}"${more}`;
}
