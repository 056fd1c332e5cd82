// Runs the `captivate-hub` CLI from source in a child process, as a user would run the built bin.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'lib', 'cli', 'main.ts');

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches, rejects after `timeoutMs` or if the process exits first. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The exit code (a signal counts as -1). */
  readonly exited: Promise<number>;
}

/** Spawns the CLI with `args`; the hub variables are cleared unless given in `env`. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const { CAPTIVATE_HUB_URL: _url, CAPTIVATE_HUB_API_KEY: _key, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)));

  const waitForStdout = (pattern: RegExp, timeoutMs = 5000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out);
        if (!match) return;
        cleanup();
        resolve(match[0]);
      };
      const timer = setTimeout(() => fail(`timed out waiting for ${pattern}`), timeoutMs);
      const fail = (why: string) => {
        cleanup();
        reject(new Error(`${why}\nstdout:\n${out}\nstderr:\n${err}`));
      };
      const onClose = () => fail(`exited before ${pattern}`);
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('close', onClose);
      };
      child.stdout.on('data', check);
      child.once('close', onClose);
      check();
    });

  return { child, stdout: () => out, stderr: () => err, waitForStdout, exited };
}
