/**
 * The upgrade URL carries the API key in its query (protocol README §1). These helpers put it
 * there URL-encoded and take it out again for anything a human may read (logs, errors).
 */

const REDACTED = '***';

/**
 * Appends `param=<encoded key>` to `url`, keeping any query and fragment already there.
 *
 * @example
 * buildSocketUrl('wss://hub.example/dev?region=eu', 'apikey', 'k&y') // 'wss://hub.example/dev?region=eu&apikey=k%26y'
 */
export function buildSocketUrl(url: string, param: string, apiKey: string): string {
  const hashAt = url.search(/#|$/);
  const base = url.slice(0, hashAt);
  const separator = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${separator}${encodeURIComponent(param)}=${encodeURIComponent(apiKey)}${url.slice(hashAt)}`;
}

/**
 * Replaces the value of every query parameter that looks like a key (`apikey`, `api_key`, `key`,
 * `token`, or `extraParams`) with `***`, so a URL can be logged.
 *
 * @example
 * redactUrl('wss://hub.example/?apikey=secret') // 'wss://hub.example/?apikey=***'
 */
export function redactUrl(url: string, extraParams: readonly string[] = []): string {
  const secret = new Set(['apikey', 'api_key', 'key', 'token', ...extraParams.map((p) => p.toLowerCase())]);
  return url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole, lead: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // a malformed escape in a parameter name: judge it as written
    }
    return secret.has(decoded.toLowerCase()) ? `${lead}${name}=${REDACTED}` : whole;
  });
}

/**
 * Removes every occurrence of the key (raw and URL-encoded) from a text that did not come from
 * us, such as an error message of the WebSocket implementation that may echo the URL.
 */
export function redactSecret(text: string, apiKey: string): string {
  let result = text;
  for (const form of apiKey ? new Set([apiKey, encodeURIComponent(apiKey)]) : []) {
    result = result.split(form).join(REDACTED);
  }
  return result;
}
