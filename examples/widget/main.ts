// The demo chat widget served by `npm start`. It uses only the library's public entry, exactly as
// an app would, and renders with plain DOM calls so there is nothing else to learn.
import { connectHub, type Conversation } from '../../lib/index.js';
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

const hub = connectHub({ url: config.url, apiKey: config.apiKey });
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
  say('user', [{ type: 'text', text }]);
  conversation.sendText(text).subscribe({ error: (error: Error) => note(error.message, 'error') });
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
