// DOM helpers of the demo widget: everything here only renders, it never talks to the hub.
import type { MessagePart } from '../../lib/index.js';

/** Who a chat line is from; `note` is the widget's own remark (status changes, actions, errors). */
export type LineKind = 'user' | 'bot' | 'agent' | 'note';

/** Finds an element the page must have; a missing one is a bug in index.html. */
export function required<T extends Element>(selector: string): T {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`The demo page has no ${selector}`);
  return element;
}

/** Appends one line to the log, scrolls to it and returns it. */
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

/** A paragraph of text; `textContent` keeps whatever the hub sends from becoming markup. */
export function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

/** Renders message parts; `onChoice` is called with a button's value when the user picks it. */
export function renderParts(parts: readonly MessagePart[], onChoice: (value: string) => void): Node[] {
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

function choices(
  title: string | undefined,
  options: readonly { label: string; value: string }[],
  onChoice: (value: string) => void,
): HTMLElement {
  const box = document.createElement('div');
  if (title) box.append(paragraph(title));
  const row = document.createElement('div');
  row.className = 'choices';
  for (const option of options) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = option.label;
    button.addEventListener('click', () => onChoice(option.value));
    row.append(button);
  }
  box.append(row);
  return box;
}
