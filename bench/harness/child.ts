import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { IpcMessage } from './ipc.js';
import { childNodeFlags, childScript, type ChildName } from './children.js';
import { libraryEntry } from './library.js';

export interface ForkOptions {
  /** Extra node flags, e.g. `--expose-gc`. */
  readonly nodeFlags?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * A forked child speaking IPC. Every wait is bounded: a wedged child fails the run with a
 * clear error instead of hanging the bench.
 */
export class ChildLink {
  private readonly inbox: IpcMessage[] = [];
  private readonly waiters: Array<(message: IpcMessage) => boolean> = [];
  private exited = false;
  private readonly exit: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: IpcMessage) => {
      for (let i = 0; i < this.waiters.length; i++) {
        if ((this.waiters[i] as (m: IpcMessage) => boolean)(message)) {
          this.waiters.splice(i, 1);
          return;
        }
      }
      this.inbox.push(message);
    });
    this.exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exited = true;
        resolve(code);
      }),
    );
  }

  static fork(name: ChildName, args: readonly string[] = [], options: ForkOptions = {}): ChildLink {
    const script = childScript(name);
    const child = fork(script, [...args], {
      execArgv: [...(options.nodeFlags ?? []), ...childNodeFlags()],
      env: { ...process.env, BENCH_LIB_ENTRY: libraryEntry(), ...options.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ChildLink(path.basename(script), child);
  }

  send(message: IpcMessage): void {
    this.child.send(message);
  }

  /** The next message of `type` (earlier ones of other types stay queued). */
  next<T extends IpcMessage>(type: string, timeoutMs: number): Promise<T> {
    const queued = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
    if (queued >= 0) return settle<T>(this.name, this.inbox.splice(queued, 1)[0] as IpcMessage);
    if (this.exited) return Promise.reject(new Error(`${this.name} exited while waiting for ${type}`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new Error(`${this.name}: no '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (message: IpcMessage): boolean => {
        if (message.type !== type && message.type !== 'error') return false;
        clearTimeout(timer);
        settle<T>(this.name, message).then(resolve, reject);
        return true;
      };
      this.waiters.push(waiter);
      void this.exit.then(() => {
        const at = this.waiters.indexOf(waiter);
        if (at < 0) return;
        this.waiters.splice(at, 1);
        clearTimeout(timer);
        reject(new Error(`${this.name} exited while waiting for ${type}`));
      });
    });
  }

  /** Asks the child to stop, then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 2_000): Promise<void> {
    if (this.exited) return;
    if (this.child.connected) this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

function settle<T>(name: string, message: IpcMessage): Promise<T> {
  if (message.type === 'error') return Promise.reject(new Error(`${name}: ${String(message.message)}`));
  return Promise.resolve(message as unknown as T);
}
