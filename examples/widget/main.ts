// The demo chat widget served by `npm start`. It uses only the library's public entry, exactly as
// an app would, and renders with plain DOM calls so there is nothing else to learn.
import type { Observable } from 'rxjs';
import {
  connectHub,
  localStorageStore,
  persist,
  type Conversation,
  type HubError,
  type MessageStatus,
} from '../../lib/index.js';
import { friendlyError } from './friendly-errors.js';
import { statusLines } from './status-line.js';
import {
  appendLine,
  paragraph,
  renderParts,
  required,
  rewriteLine,
  spendChoices,
  type Choice,
} from './view.js';

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
// What a tab closed for good left unsent is adopted by the next tab that starts (Web Locks tell
// closed tabs from live ones): delivered in the background (`deliverAdopted`).
const store = persist(localStorageStore(), { onAdopted: (ids) => ids.forEach(deliverAdopted) });
const hub = connectHub({ url: config.url, apiKey: config.apiKey, store });
let conversation: Conversation | undefined;

/** The widget's own remark; an error keeps its code for developers in `title`, not in the text. */
function note(text: string, error?: Pick<HubError, 'code'>): HTMLLIElement {
  const item = appendLine(log, 'note', [paragraph(text)], error ? 'error' : undefined);
  if (error) {
    item.title = error.code;
    item.dataset['code'] = error.code;
  }
  return item;
}
const showError = (error: HubError | Error) =>
  note(friendlyError(error), 'code' in error ? error : undefined);

// One status line (the pill) and, per outage, one note that is rewritten when the link is back.
const toLine = statusLines();
let outageNote: HTMLLIElement | undefined;
hub.status$.subscribe((status) => {
  const line = toLine(status);
  statusPill.dataset['state'] = line.state;
  statusPill.textContent = line.text;
  if (line.outage === 'start') outageNote = note('Connection lost. Reconnecting…');
  if (line.outage === 'end' && outageNote) {
    rewriteLine(outageNote, 'Connection lost and restored: same conversation, carry on.');
    outageNote = undefined;
  }
  if (status.state === 'closed') note('Disconnected. Reload the page to chat again.', status.error);
});
// Malformed frames and the like are for developers: the console, not the chat.
hub.errors$.subscribe((error) => console.warn(`[captivate-hub-rx] ${error.code}: ${error.message}`));

function send(text: string, shown = text): void {
  if (!conversation) return;
  spendChoices(log);
  // The user's line: where its delivery state (pending, failed) is shown.
  const line = appendLine(log, 'user', [paragraph(shown)]);
  track(line, conversation.sendText(text), text);
}

function pick(choice: Choice, button: HTMLButtonElement): void {
  send(choice.value, choice.label);
  spendChoices(log, button);
}

/**
 * Resumes a conversation adopted from a closed tab, so its kept messages are delivered, then closes
 * it (the store forgets it) once each is confirmed or failed, and says so in a note.
 */
function deliverAdopted(id: string): void {
  const adopted = hub.conversation(id);
  let left = adopted.restored.length;
  const done = (): void => {
    left -= 1;
    if (left > 0) return;
    note(`Sent ${adopted.restored.length} message(s) left by a closed tab.`).dataset['adopted'] = id;
    adopted.close();
  };
  if (left === 0) return adopted.close();
  for (const message of adopted.restored) message.status$.subscribe({ complete: done, error: done });
}

/**
 * The line's `data-delivery` follows the message: `pending` until the hub has it (then removed);
 * `failed`, with a Retry button that sends the same text again on the same line.
 */
function track(line: HTMLElement, status$: Observable<MessageStatus>, text: string): void {
  line.dataset['delivery'] = 'pending';
  status$.subscribe({
    next: ({ state }) => {
      if (state === 'confirmed') delete line.dataset['delivery'];
    },
    error: (error: HubError | Error) => {
      line.dataset['delivery'] = 'failed';
      line.title = friendlyError(error);
      showError(error);
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'retry';
      retry.textContent = 'Retry';
      retry.addEventListener('click', () => {
        retry.remove();
        line.removeAttribute('title');
        if (conversation) track(line, conversation.sendText(text), text);
      });
      line.append(retry);
    },
  });
}

function enterConversation(started: Conversation): void {
  conversation = started;
  started.id$.subscribe((id) => {
    conversationLabel.textContent = id;
    conversationLabel.title = id; // the header shows the start of a long id
  });
  started.messages$.subscribe((message) => appendLine(log, message.from, renderParts(message.parts, pick)));
  started.actions$.subscribe((event) => event.payload.actions.forEach((action) => note(actionWords(action))));
  started.updates$.subscribe((update) => note(updateWords(update.payload.type, update.payload.data)));
  started.errors$.subscribe(showError);
  // Messages kept from before a reload: shown again, marked until the hub has them.
  for (const message of started.restored) {
    const text = 'text' in message.content ? (message.content.text ?? '') : '';
    track(appendLine(log, 'user', [paragraph(text)]), message.status$, text);
  }
  for (const control of [input, sendButton, agentButton]) control.disabled = false;
  input.placeholder = 'Type a message';
  input.focus();
}

function actionWords(action: { readonly id: string; readonly data?: unknown }): string {
  if (action.id === 'escalateToHuman') return 'Connecting you to a person…';
  const url = (action.data as { url?: unknown } | undefined)?.url;
  if (action.id === 'redirectToContactUs' && typeof url === 'string') return `Contact page suggested: ${url}`;
  return `The bot asked the page to do “${action.id}”.`;
}

function updateWords(type: string, data: unknown): string {
  const name = (data as { agentInfo?: { name?: unknown } } | undefined)?.agentInfo?.name;
  const agent = typeof name === 'string' ? name : 'An agent';
  if (type === 'livechatAgentConnected') return `${agent} joined the conversation.`;
  if (type === 'livechatAgentDisconnected') return `${agent} left the conversation.`;
  if (type === 'failedAgentAssignment') return 'No one is available right now. The bot carries on.';
  return `Conversation update: ${type}`;
}

// Bot-first: the start trigger makes the production hub's bot (and the emulator's) greet.
startButton.addEventListener('click', () => {
  startButton.disabled = true;
  hub.startConversation$({ userId: 'demo', botFirst: true }).subscribe({
    next: enterConversation,
    error: (error: HubError | Error) => {
      showError(error);
      startButton.disabled = false;
    },
  });
});

// After a reload: resume the conversation the store kept instead of offering a new one. It is not a
// new start, so no start trigger goes (the bot would greet a second time).
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
});

// The emulator closes every socket; the library reconnects and the conversation carries on.
dropButton.addEventListener('click', () => {
  fetch('/demo/drop', { method: 'POST' }).catch(showError);
});
