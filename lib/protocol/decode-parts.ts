import { EMPTY_ARRAY, EMPTY_OBJECT, isWireObject } from './json.js';
import type { HubAction, MessagePart, UnknownPart } from './parts.js';
import type { WireObject } from './wire.js';

/**
 * Message parts and actions as the model wants them. Every message goes through here, so the
 * common case (every part already in model shape) returns the wire array itself, uncopied.
 * A part that does not match its declared type's schema is kept whole as `unknown`.
 */
export function normaliseParts(content: unknown): readonly MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (isWireObject(content)) return [normalisePart(content)];
  if (!Array.isArray(content)) return EMPTY_ARRAY;
  let index = 0;
  while (index < content.length && isModelPart(content[index])) index++;
  if (index === content.length) return content as readonly MessagePart[];
  const parts: MessagePart[] = content.slice(0, index) as MessagePart[];
  for (; index < content.length; index++) parts.push(normalisePart(content[index]));
  return parts;
}

function normalisePart(part: unknown): MessagePart {
  if (!isWireObject(part)) return unknownPart({ value: part });
  if (isModelPart(part)) return part;
  // The hub's older bots spell it `button`; the schema is the same.
  if (part.type === 'button' && isButtons(part.buttons)) return { type: 'buttons', buttons: part.buttons };
  return unknownPart(part);
}

function unknownPart(raw: WireObject): UnknownPart {
  return { type: 'unknown', raw };
}

function isModelPart(part: unknown): part is MessagePart {
  if (!isWireObject(part)) return false;
  switch (part.type) {
    case 'text':
      return typeof part.text === 'string';
    case 'buttons':
      return isButtons(part.buttons);
    case 'cards':
      return isWireObject(part.cards) && (part.cards.items === undefined || Array.isArray(part.cards.items));
    case 'files':
      return Array.isArray(part.files) && part.files.every(isFileAttachment);
    default:
      return false;
  }
}

function isButtons(value: unknown): value is { title?: string; options: { label: string; value: string }[] } {
  return (
    isWireObject(value) &&
    (value.title === undefined || typeof value.title === 'string') &&
    Array.isArray(value.options) &&
    value.options.every(
      (option) =>
        isWireObject(option) && typeof option.label === 'string' && typeof option.value === 'string',
    )
  );
}

function isFileAttachment(file: unknown): boolean {
  return (
    isWireObject(file) &&
    typeof file.type === 'string' &&
    typeof file.url === 'string' &&
    (file.mimetype === undefined || typeof file.mimetype === 'string') &&
    (file.filename === undefined || file.filename === null || typeof file.filename === 'string')
  );
}

/**
 * Flow actions as `{ id, data }`. Older bots send `{type, title}` or `{type, action}`: the
 * title/action string is the id. Entries with no usable id are left out (the event's `raw` keeps them).
 */
export function normaliseActions(actions: unknown): readonly HubAction[] {
  if (!Array.isArray(actions)) return EMPTY_ARRAY;
  if (actions.every(isModelAction)) return actions;
  const result: HubAction[] = [];
  for (const entry of actions) {
    const action = normaliseAction(entry);
    if (action) result.push(action);
  }
  return result;
}

function isModelAction(entry: unknown): entry is HubAction {
  return isWireObject(entry) && typeof entry.id === 'string' && isWireObject(entry.data);
}

function normaliseAction(entry: unknown): HubAction | undefined {
  if (!isWireObject(entry)) return undefined;
  const id = [entry.id, entry.title, entry.action].find((candidate) => typeof candidate === 'string');
  if (typeof id !== 'string') return undefined;
  return { id, data: isWireObject(entry.data) ? entry.data : EMPTY_OBJECT };
}
