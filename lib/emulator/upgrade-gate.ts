import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResolvedLimits } from './options.js';

/** Why an upgrade was refused, as an HTTP status (the hub sends no JSON for a failed handshake). */
export interface Refusal {
  readonly status: number;
  readonly reason: string;
}

/** `true` when `key` may connect: any key when no keys were configured. */
export function isAcceptedKey(
  apiKeys: readonly string[] | undefined,
  key: string | null | undefined,
): boolean {
  return apiKeys === undefined || (typeof key === 'string' && apiKeys.includes(key));
}

/**
 * Decides each upgrade as the gateway would: refusing window (503), URL length (414), new connections
 * per second (429), API key under `apikey` or `apiKey` (401). Time is read per call, so the gate
 * holds no timer.
 */
export class UpgradeGate {
  private refuseUntil = 0;
  private refuseStatus = 503;
  private windowStart = 0;
  private windowCount = 0;

  constructor(
    private readonly apiKeys: readonly string[] | undefined,
    private readonly limits: ResolvedLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Refuse every upgrade for `ms` (Infinity until {@link acceptAgain}). */
  refuseFor(ms: number, status = 503): void {
    this.refuseUntil = this.now() + ms;
    this.refuseStatus = status;
  }

  acceptAgain(): void {
    this.refuseUntil = 0;
  }

  check(request: IncomingMessage): Refusal | undefined {
    const now = this.now();
    if (now < this.refuseUntil) return { status: this.refuseStatus, reason: 'refusing connections' };
    const rawUrl = request.url ?? '/';
    if (rawUrl.length > this.limits.maxUrlLength) return { status: 414, reason: 'URL too long' };
    const perSecond = this.limits.newConnectionsPerSecond;
    if (perSecond !== undefined) {
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (++this.windowCount > perSecond) return { status: 429, reason: 'too many new connections' };
    }
    const query = new URL(rawUrl, 'http://emulator.invalid').searchParams;
    const key = query.get('apikey') ?? query.get('apiKey');
    if (!isAcceptedKey(this.apiKeys, key))
      return { status: 401, reason: key ? 'wrong API key' : 'no API key' };
    return undefined;
  }
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number): void {
  const body = `${STATUS_CODES[status] ?? 'Error'}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
