/**
 * Loopback hosts, shared by the client (where it may send the API key over plain HTTP) and the
 * emulator (which origins may use it without a key): traffic to them never leaves the machine.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * `127.0.0.0/8`, `::1` (bracketed, as in a URL's `hostname`) and `localhost`.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL('ws://127.0.0.1:8787').hostname); // true
 * isLoopbackHost('hub.example.com'); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
