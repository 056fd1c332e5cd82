/** Messages between the orchestrator and its children are plain `{ type, ... }` objects over IPC. */
export interface IpcMessage {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Child side: report to the orchestrator. */
export function toParent(message: IpcMessage): void {
  process.send?.(message);
}

/**
 * Child side: handle orchestrator commands; a thrown or rejected handler is reported as an
 * `error` message, and `stop` ends the process after `onStop`.
 */
export function onParent(
  handler: (message: IpcMessage) => void | Promise<void>,
  onStop: () => void | Promise<void> = () => undefined,
): void {
  process.on('message', (message: IpcMessage) => {
    if (message.type === 'stop') {
      void Promise.resolve(onStop()).finally(() => process.exit(0));
      return;
    }
    Promise.resolve()
      .then(() => handler(message))
      .catch((error: unknown) => toParent({ type: 'error', message: errorText(error) }));
  });
  process.on('disconnect', () => process.exit(0));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
