/** Where the emulator writes what it does; every method is optional so a partial console works. */
export interface EmulatorLogger {
  /** Every frame in and out, readably. Skipped entirely (no formatting work) when absent. */
  debug?(message: string): void;
  /** Connections opened and closed, faults injected. */
  info?(message: string): void;
  /** Bad input that was ignored, refused upgrades, bot failures. */
  warn?(message: string): void;
}

const KEY_IN_QUERY = /([?&]api_?key=)[^&#\s]*/gi;

/** Removes API keys from a URL or any text that may carry one, so logs never leak them. */
export function redactKeys(text: string): string {
  return text.replace(KEY_IN_QUERY, '$1***');
}

/** A short, single-line, key-free excerpt of untrusted input for log lines. */
export function excerpt(text: string, max = 200): string {
  const oneLine = redactKeys(text.length > max * 2 ? text.slice(0, max * 2) : text).replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
