// A Node app's use of the client entry, as a strict project writes it.
import {
  backoffDelay,
  connectHub,
  forConversation,
  HubError,
  ofType,
  RECONNECT_DEFAULTS,
  type ConnectionStatus,
  type HubEvent,
  type HubOptions,
  type StartConversationOptions,
} from 'captivate-hub-rx';

declare const maybeUserId: string | undefined;

declare const maybeLimit: number | undefined;

const options: HubOptions = {
  url: 'ws://127.0.0.1:8787',
  apiKey: 'dev',
  trustedOrigins: undefined,
  largeReplyTimeoutMs: maybeLimit,
  largeReplyMaxBytes: maybeLimit,
  largeReplyConcurrency: maybeLimit,
  maxInboundFrameBytes: maybeLimit,
};
const hub = connectHub(options);

// exactOptionalPropertyTypes: an optional option accepts an explicit `undefined`.
const start: StartConversationOptions = { userId: maybeUserId };
hub.startConversation$(start).subscribe((conversation) => {
  conversation.messages$.subscribe((message) => console.log(message.from, message.parts));
  conversation.sendText('hello').subscribe();
  conversation.close();
});
hub.startConversation$({ userId: maybeUserId }).subscribe();

hub.status$.subscribe((status: ConnectionStatus) => {
  if (status.state === 'closed' && status.error instanceof HubError) console.log(status.error.code);
});
hub.events$.pipe(ofType('bot_message'), forConversation('c-1')).subscribe((event: HubEvent) => event.type);
hub.close();

// The resolved defaults are plain numbers, also under exactOptionalPropertyTypes.
const firstDelay: number = RECONNECT_DEFAULTS.initialDelayMs;
console.log(firstDelay, backoffDelay(2, RECONNECT_DEFAULTS));
