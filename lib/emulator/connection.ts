import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { ClockTimer, EmulatorClock } from './clock.js';
import type { FrameShape, ResolvedLimits } from './options.js';
import { encodeHubFrame, textFrame } from './wire-frames.js';

/** What a connection needs from the emulator around it. */
export interface ConnectionEnv {
  readonly shape: FrameShape;
  /** Draws a delay per frame; `null` when latency is 0 so the hot path writes synchronously. */
  readonly latency: (() => number) | null;
  readonly limits: ResolvedLimits;
  /** Time and timers (latency queue, idle and lifetime limits). */
  readonly clock: EmulatorClock;
  /** Called for every frame actually written (for the feed and the log). */
  readonly onWritten: (connection: EmulatorConnection, eventType: string, text: string) => void;
  /** Called when a gateway limit closes the connection. */
  readonly onLimit: (connection: EmulatorConnection, limit: string) => void;
}

interface Queued {
  readonly due: number;
  readonly eventType: string;
  readonly text: string;
}

const GOING_AWAY = 1001;

/**
 * One client socket: its envelope alternation, its ordered latency queue and the gateway's idle and
 * lifetime limits. Timers (on the emulator's clock) are re-armed lazily so the per-frame cost is one `now()`.
 */
export class EmulatorConnection {
  readonly connectedAt: number;
  lastActivityAt: number;
  /** Half-open: nothing is read (so pings go unanswered) and nothing is written. */
  frozen = false;
  private framesOut = 0;
  private queue: Queued[] = [];
  private queueTimer: ClockTimer | undefined;
  private idleTimer: ClockTimer | undefined;
  private lifetimeTimer: ClockTimer | undefined;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly env: ConnectionEnv,
    /** The API key the socket connected with (`undefined`: none given). */
    readonly apiKey?: string,
  ) {
    this.connectedAt = this.lastActivityAt = env.clock.now();
    const { idleTimeoutMs, maxConnectionMs } = env.limits;
    if (Number.isFinite(idleTimeoutMs)) this.armIdle(idleTimeoutMs);
    if (Number.isFinite(maxConnectionMs)) {
      this.lifetimeTimer = env.clock.setTimeout(
        () => this.expire('maximum connection duration'),
        maxConnectionMs,
      );
    }
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Serialises an event in this connection's next envelope (mixed alternates, starting plain). */
  encode(eventType: string, eventId: string, payload: Readonly<Record<string, unknown>>): string {
    const shape = this.env.shape;
    const wrapped = shape === 'wrapped' || (shape === 'mixed' && this.framesOut++ % 2 === 1);
    return encodeHubFrame(wrapped, eventType, eventId, payload);
  }

  /** Writes now (latency 0) or after the drawn latency, never overtaking an earlier frame. */
  write(eventType: string, text: string): void {
    if (!this.env.latency) {
      this.writeNow(eventType, text);
      return;
    }
    const now = this.env.clock.now();
    const last = this.queue[this.queue.length - 1];
    const due = Math.max(now + this.env.latency(), last ? last.due : 0);
    this.queue.push({ due, eventType, text });
    if (!this.queueTimer) this.armQueue(due - now);
  }

  /** Sends bytes as they are, bypassing envelope and latency (for `sendRaw` and `sendGarbage`). */
  writeRaw(data: string | Buffer, binary = false): void {
    if (this.frozen || !this.open) return;
    this.lastActivityAt = this.env.clock.now();
    this.ws.send(data, { binary });
  }

  noteActivity(): void {
    this.lastActivityAt = this.env.clock.now();
  }

  freeze(): void {
    this.frozen = true;
    // ws answers pings inside its receiver; not reading the socket is the only way to stay silent.
    this.socket.pause();
  }

  unfreeze(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.lastActivityAt = this.env.clock.now();
    this.socket.resume();
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
    }
  }

  terminate(): void {
    this.dispose();
    this.ws.terminate();
  }

  /** Clears every timer and pending frame; called when the socket closes. */
  dispose(): void {
    const { clock } = this.env;
    clock.clearTimeout(this.queueTimer);
    clock.clearTimeout(this.idleTimer);
    clock.clearTimeout(this.lifetimeTimer);
    this.queueTimer = this.idleTimer = this.lifetimeTimer = undefined;
    this.queue = [];
  }

  private writeNow(eventType: string, text: string): void {
    if (this.frozen || !this.open) return;
    this.lastActivityAt = this.env.clock.now();
    // Whole frames straight to the socket (one write each): `ws` itself only ever writes whole frames
    // too (no compression, no fragments here), so nothing interleaves; `open` keeps them before a close.
    this.socket.write(textFrame(text));
    this.env.onWritten(this, eventType, text);
  }

  private armQueue(delayMs: number): void {
    this.queueTimer = this.env.clock.setTimeout(() => this.flushQueue(), Math.max(0, delayMs));
  }

  private flushQueue(): void {
    this.queueTimer = undefined;
    const now = this.env.clock.now();
    let sent = 0;
    for (const item of this.queue) {
      if (item.due > now) break;
      this.writeNow(item.eventType, item.text);
      sent += 1;
    }
    this.queue.splice(0, sent);
    const next = this.queue[0];
    if (next) this.armQueue(next.due - now);
  }

  private armIdle(delayMs: number): void {
    this.idleTimer = this.env.clock.setTimeout(() => this.checkIdle(), delayMs);
  }

  private checkIdle(): void {
    const limit = this.env.limits.idleTimeoutMs;
    const idleFor = this.env.clock.now() - this.lastActivityAt;
    // A frozen link is half-open: the gateway's close would never reach the client, so keep waiting.
    if (this.frozen || idleFor < limit) this.armIdle(this.frozen ? limit : limit - idleFor);
    else this.expire('idle timeout');
  }

  private expire(why: string): void {
    if (this.frozen) return;
    this.dispose();
    // docs/protocol/limits.md: the gateway closes at its limits with a normal close, seen as 1001 "Going away".
    this.env.onLimit(this, why);
    this.close(GOING_AWAY, 'Going away');
  }
}
