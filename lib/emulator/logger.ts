/** Where the emulator writes what it does; every method is optional so a partial console works. */
export interface EmulatorLogger {
  /** Every frame in and out, readably. Skipped entirely (no formatting work) when absent. */
  debug?(message: string): void;
  /** Connections opened and closed, faults injected. */
  info?(message: string): void;
  /** Bad input that was ignored, refused upgrades, bot failures. */
  warn?(message: string): void;
}

const QUERY_PARAMETER = /([?&])([^=&#\s]*)=([^&#\s]*)/g;
const KEY_NAME = /^(?:x-)?api[-_]?key$/i;

/** A query parameter's name as a server reads it: `+` is a space, `%XX` decoded (left as is if malformed). */
function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * Removes API keys from a URL or any text that may carry one, so logs never leak them. Names are
 * compared once decoded, as the server parses them: `api%6Bey=` is `apikey=` too.
 */
export function redactKeys(text: string): string {
  return text.replace(QUERY_PARAMETER, (whole, separator: string, name: string) =>
    KEY_NAME.test(decodedName(name).trim()) ? `${separator}${name}=***` : whole,
  );
}

/** A short, single-line, key-free excerpt of untrusted input for log lines. */
export function excerpt(text: string, max = 200): string {
  const oneLine = redactKeys(text.length > max * 2 ? text.slice(0, max * 2) : text).replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
