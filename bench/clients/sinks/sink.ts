/**
 * A client under test, connected and subscribed: every delivered `bot_message`, per subscriber,
 * calls the `hit` it was given. `close` releases the socket.
 */
export interface Sink {
  close(): void | Promise<void>;
}

export interface SinkOptions {
  readonly url: string;
  readonly conversationId: string;
  readonly subscribers: number;
  readonly hit: () => void;
}

export type SinkKind = 'raw' | 'rxjs' | 'library' | 'vendor';

export const SINK_LABELS: Record<SinkKind, string> = {
  raw: 'raw ws + JSON.parse',
  rxjs: 'bare RxJS webSocket',
  library: 'captivate-hub-rx',
  vendor: 'captivate-chat-api 7',
};
