// A Node app's use of the client entry, as a strict project writes it.
import * as fs from 'node:fs';
import {
  backoffDelay,
  connectHub,
  forConversation,
  HUB_DEFAULTS,
  localStorageStore,
  newClientMsgId,
  persist,
  PROBE_DEFAULTS,
  HubError,
  ofType,
  RECONNECT_DEFAULTS,
  type ConnectionStatus,
  type HubEvent,
  type HubOptions,
  type HubStore,
  type KeyValueStore,
  type MessageStatus,
  type ProbeOptions,
  type StartConversationOptions,
  type StoreOptions,
} from 'captivate-hub-rx';
import { fileStore, type FileSystemLike } from 'captivate-hub-rx/node-store';

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

// Message delivery: every optional option also accepts an explicit `undefined`.
declare const maybeOwner: string | undefined;
const probe: ProbeOptions = { afterMs: maybeLimit, timeoutMs: maybeLimit };
const nodeFs: FileSystemLike = fs;
const kept: KeyValueStore = localStorageStore() ?? fileStore('.hub-outbox.json', nodeFs);
const storeOptions: StoreOptions = { owner: maybeOwner, namespace: undefined };
const store: HubStore = persist(kept, storeOptions);
const maybeStore: HubStore | undefined = persist(localStorageStore(), storeOptions);
const deliveryOptions: HubOptions = {
  url: 'ws://127.0.0.1:8787',
  apiKey: 'dev',
  requestTimeoutMs: maybeLimit,
  recoverOnReconnect: undefined,
  fetch: undefined,
  maxUnconfirmed: maybeLimit,
  probe,
  store,
};
const deliveryHub = connectHub(deliveryOptions);
for (const id of deliveryHub.storedConversations()) {
  const resumed = deliveryHub.conversation(id);
  for (const message of resumed.restored) message.status$.subscribe(({ state }) => state);
  resumed.sendText('again').subscribe((status: MessageStatus) => {
    if (status.state === 'confirmed') console.log(status.clientMsgId, status.confirmedBy);
  });
}
connectHub({ url: 'ws://127.0.0.1:8787', apiKey: 'dev', probe: undefined, store: maybeStore }).close();
const defaults: number = HUB_DEFAULTS.maxUnconfirmed + PROBE_DEFAULTS.afterMs + PROBE_DEFAULTS.timeoutMs;
console.log(defaults, newClientMsgId({ randomUUID: undefined, getRandomValues: undefined }));
deliveryHub.close();
