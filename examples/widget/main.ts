// The demo chat widget served by `npm start`. It uses only the library's public entry, exactly as
// an app would, and renders with plain DOM calls so there is nothing else to learn.
import { connectHub, localStorageStore, type Conversation, type MessageStatus } from '../../lib/index.js';
import type { Observable } from 'rxjs';
import { appendLine, paragraph, renderParts, required, type LineKind } from './view.js';

interface DemoConfig {
  readonly url: string;
  readonly apiKey: string;
}

const config = JSON.parse(required('#hub-config').textContent ?? '') as DemoConfig;
const log = required<HTMLOListElement>('[data-testid="log"]');
const statusPill = required<HTMLElement>('[data-testid="status"]');
const conversationLabel = required<HTMLElement>('[data-testid="conversation-id"]');
const composer = required<HTMLFormElement>('[data-testid="composer"]');
const input = required<HTMLInputElement>('.composer input');
const sendButton = required<HTMLButtonElement>('.composer button');
const startButton = required<HTMLButtonElement>('[data-action="start"]');
const agentButton = required<HTMLButtonElement>('[data-action="agent"]');
const dropButton = required<HTMLButtonElement>('[data-action="drop"]');

// The store keeps the open conversation and unconfirmed messages across a reload (never the key).
const kept = localStorageStore();
const hub = connectHub({ url: config.url, apiKey: config.apiKey, ...(kept && { store: { store: kept } }) });
let conversation: Conversation | undefined;

const note = (text: string, kind: 'info' | 'error' = 'info') =>
  appendLine(log, 'note', [paragraph(text)], kind === 'error' ? 'error' : undefined);
const say = (from: LineKind, parts: Parameters<typeof renderParts>[0]) =>
  appendLine(log, from, renderParts(parts, send));

let wasConnected = false;
hub.status$.subscribe((status) => {
  statusPill.dataset['state'] = status.state;
  statusPill.textContent =
    status.state === 'reconnecting' ? `reconnecting (#${status.attempt})` : status.state;
  if (status.state === 'reconnecting') note(`Connection lost (${status.lastError.code}); reconnecting…`);
  if (status.state === 'connected' && wasConnected) note('Reconnected: same conversation, carry on.');
  if (status.state === 'connected') wasConnected = true;
  if (status.state === 'closed')
    note(`Connection closed${status.error ? `: ${status.error.message}` : ''}`, 'error');
});
hub.errors$.subscribe((error) => note(`${error.code}: ${error.message}`, 'error'));

function send(text: string): void {
  if (!conversation) return;
  track(say('user', [{ type: 'text', text }]), conversation.sendText(text), text);
}

/** The line's marker follows the message: `pending` until the hub has it; `failed`, with a retry. */
function track(line: HTMLElement, status$: Observable<MessageStatus>, text: string): void {
  line.classList.add('pending');
  status$.subscribe({
    next: ({ state }) => line.classList.toggle('pending', state !== 'confirmed'),
    error: (error: Error) => {
      line.classList.replace('pending', 'failed');
      line.title = error.message;
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'retry';
      retry.textContent = 'Retry';
      retry.addEventListener('click', () => {
        retry.remove();
        line.classList.remove('failed');
        if (conversation) track(line, conversation.sendText(text), text);
      });
      line.append(retry);
    },
  });
}

function enterConversation(started: Conversation): void {
  conversation = started;
  started.id$.subscribe((id) => (conversationLabel.textContent = id));
  started.messages$.subscribe((message) => say(message.from, message.parts));
  started.actions$.subscribe((event) =>
    note(`Bot action: ${event.payload.actions.map((a) => a.id).join(', ')}`),
  );
  started.updates$.subscribe((update) => note(`Update: ${update.payload.type}`));
  started.errors$.subscribe((error) => note(`${error.code}: ${error.message}`, 'error'));
  // Messages kept from before a reload: shown again, marked until the hub has them.
  for (const message of started.restored) {
    const text = 'text' in message.content ? (message.content.text ?? '') : '';
    track(say('user', [{ type: 'text', text }]), message.status$, text);
  }
  for (const control of [input, sendButton, agentButton]) control.disabled = false;
  input.placeholder = 'Type a message';
  input.focus();
}

startButton.addEventListener('click', () => {
  startButton.disabled = true;
  hub.startConversation$({ userId: 'demo' }).subscribe({
    next: enterConversation,
    error: (error: Error) => {
      note(`Could not start: ${error.message}`, 'error');
      startButton.disabled = false;
    },
  });
});

// After a reload: resume the conversation the store kept instead of offering a new one.
const [resumable] = hub.storedConversations();
if (resumable) {
  startButton.disabled = true;
  enterConversation(hub.conversation(resumable));
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  input.value = '';
  if (text) send(text);
});

agentButton.addEventListener('click', () => {
  conversation?.sendAction('escalateToHuman');
  note('Asked for a human agent');
});

// The emulator closes every socket; the library reconnects and the conversation carries on.
dropButton.addEventListener('click', () => {
  fetch('/demo/drop', { method: 'POST' }).catch((error: Error) => note(error.message, 'error'));
});
