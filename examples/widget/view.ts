// DOM helpers of the demo widget: everything here only renders, it never talks to the hub.
import type { MessagePart } from '../../lib/index.js';

/** Who a chat line is from; `note` is the widget's own remark (connection, hand-over, errors). */
export type LineKind = 'user' | 'bot' | 'agent' | 'note';

/** A quick-reply button: the user sees `label`, the hub receives `value`. */
export interface Choice {
  readonly label: string;
  readonly value: string;
}

/** Finds an element the page must have; a missing one is a bug in index.html. */
export function required<T extends Element>(selector: string): T {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`The demo page has no ${selector}`);
  return element;
}

/**
 * Appends one line to the log, scrolls to it and returns it, so a caller can update it later (a
 * connection note in place; a user's message with its delivery state, pending or failed, in
 * `data-delivery`).
 */
export function appendLine(
  log: HTMLElement,
  kind: LineKind,
  content: Node[],
  extraClass?: string,
): HTMLLIElement {
  const item = document.createElement('li');
  item.className = extraClass ? `${kind} ${extraClass}` : kind;
  item.append(...content);
  log.append(item);
  item.scrollIntoView({ block: 'end' });
  return item;
}

/** Replaces a line's text, e.g. "Connection lost…" becoming "Back online…". */
export function rewriteLine(item: HTMLElement, text: string): void {
  item.replaceChildren(paragraph(text));
  item.scrollIntoView({ block: 'end' });
}

/** A paragraph of text; `textContent` keeps whatever the hub sends from becoming markup. */
export function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

/** Renders message parts; `onChoice` is called with the button the user picks. */
export function renderParts(
  parts: readonly MessagePart[],
  onChoice: (choice: Choice, button: HTMLButtonElement) => void,
): Node[] {
  return parts.map((part) => {
    switch (part.type) {
      case 'text':
        return paragraph(part.text);
      case 'buttons':
        return choices(part.buttons.title, part.buttons.options, onChoice);
      case 'files':
        return paragraph(part.files.map((file) => `📎 ${file.filename ?? file.url}`).join('\n'));
      case 'cards':
        return paragraph(`[${part.cards.items?.length ?? 0} cards]`);
      case 'unknown':
        return paragraph(`[${String(part.raw['type'])} part]`);
    }
  });
}

/**
 * Quick replies are good for one answer: once the user answers (by a button or by typing), every
 * offered button is disabled, and the one picked, if any, stays marked.
 */
export function spendChoices(log: HTMLElement, picked?: HTMLButtonElement): void {
  for (const button of log.querySelectorAll<HTMLButtonElement>('.choices button:not(:disabled)')) {
    button.disabled = true;
  }
  picked?.setAttribute('aria-pressed', 'true');
}

function choices(
  title: string | undefined,
  options: readonly Choice[],
  onChoice: (choice: Choice, button: HTMLButtonElement) => void,
): HTMLElement {
  const box = document.createElement('div');
  if (title) box.append(paragraph(title));
  const row = document.createElement('div');
  row.className = 'choices';
  for (const option of options) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = option.label;
    button.addEventListener('click', () => onChoice(option, button));
    row.append(button);
  }
  box.append(row);
  return box;
}
