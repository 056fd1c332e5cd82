import * as path from 'node:path';
import type { Observable, OperatorFunction } from 'rxjs';

/**
 * The slice of the library's public API the bench drives, declared structurally so the bench
 * type-checks against the public API rather than against whatever is half-built.
 */
export interface BenchConversation {
  readonly id: string;
  readonly messages$: Observable<unknown>;
  sendText(text: string): Observable<unknown>;
}

export interface BenchStatus {
  readonly state: string;
  /** On `reconnecting`: the backoff wait chosen before the next attempt. */
  readonly delayMs?: number;
}

export interface BenchHub {
  readonly status$: Observable<BenchStatus>;
  readonly events$: Observable<{ readonly type: string }>;
  conversation(conversationId: string): BenchConversation;
  startConversation$(options: { userId?: string }): Observable<BenchConversation>;
  close(): void;
}

export interface BenchReconnectOptions {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface BenchLibrary {
  connectHub(options: {
    url: string;
    apiKey: string;
    reconnect?: BenchReconnectOptions | false;
    heartbeat?: false;
  }): BenchHub;
  ofType(...types: string[]): OperatorFunction<{ readonly type: string }, { readonly type: string }>;
}

const root = path.join(__dirname, '..', '..');

/**
 * Where the library under test comes from: the built `dist/cjs` (default — what users run), or
 * `BENCH_LIB=src` for `lib/*.ts` through tsx (to check the build does not matter).
 */
export function librarySource(): 'dist' | 'src' {
  return process.env.BENCH_LIB === 'src' ? 'src' : 'dist';
}

/** Children inherit the resolved entry through `BENCH_LIB_ENTRY` (their bundle has no stable __dirname). */
export function libraryEntry(): string {
  const inherited = process.env.BENCH_LIB_ENTRY;
  if (inherited) return inherited;
  const override = process.env.BENCH_LIB_DIR;
  if (override) return path.resolve(override, 'index.js');
  return librarySource() === 'src'
    ? path.join(root, 'lib', 'index.ts')
    : path.join(root, 'dist', 'cjs', 'index.js');
}

export function loadLibrary(): BenchLibrary {
  // A runtime require on purpose: the path is chosen per run, and the built dist is not part of
  // the type-checked program.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(libraryEntry()) as BenchLibrary;
}

/** The slice of the emulator the recovery bench drives. */
export interface BenchEmulator {
  readonly url: string;
  restart(options?: { readonly downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export interface BenchEmulatorModule {
  startHubEmulator(options?: { readonly port?: number }): Promise<BenchEmulator>;
}

export function loadEmulator(): BenchEmulatorModule {
  const entry = libraryEntry();
  const emulatorEntry = path.join(path.dirname(entry), 'emulator', `index${path.extname(entry)}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(emulatorEntry) as BenchEmulatorModule;
}

/** Resolves once the hub reports `connected` (after `socket_connected`), bounded in time. */
export function whenConnected(hub: BenchHub, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`hub not connected within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = hub.status$.subscribe((status) => {
      if (status.state !== 'connected') return;
      clearTimeout(timer);
      resolve();
      queueMicrotask(() => subscription.unsubscribe());
    });
  });
}
