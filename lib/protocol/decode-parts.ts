import { EMPTY_ARRAY, asObject, isString, isWireObject, objectsIn } from './json.js';
import type { ButtonsPart, HubAction, MessagePart } from './parts.js';

/**
 * Message parts and actions as the model wants them. Every message goes through here, so the
 * common case (every part already in model shape) returns the wire array itself, uncopied.
 * A part that does not match its declared type's schema is kept whole as `unknown`.
 */
export function normaliseParts(content: unknown): readonly MessagePart[] {
  if (isString(content)) return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return isWireObject(content) ? [normalisePart(content)] : EMPTY_ARRAY;
  return content.every(isModelPart) ? content : content.map(normalisePart);
}

function normalisePart(part: unknown): MessagePart {
  if (isModelPart(part)) return part;
  // The hub's older bots spell it `button`; the schema is the same.
  if (isWireObject(part) && part.type === 'button' && isButtons(part.buttons)) {
    return { type: 'buttons', buttons: part.buttons };
  }
  return { type: 'unknown', raw: isWireObject(part) ? part : { value: part } };
}

function isModelPart(part: unknown): part is MessagePart {
  if (!isWireObject(part)) return false;
  switch (part.type) {
    case 'text':
      return isString(part.text);
    case 'buttons':
      return isButtons(part.buttons);
    case 'cards':
      return isWireObject(part.cards) && (part.cards.items === undefined || Array.isArray(part.cards.items));
    case 'files':
      return Array.isArray(part.files) && part.files.every(isFileAttachment);
  }
  return false;
}

function isButtons(value: unknown): value is ButtonsPart['buttons'] {
  return (
    isWireObject(value) &&
    isOptionalString(value.title) &&
    Array.isArray(value.options) &&
    value.options.every((option) => isWireObject(option) && isString(option.label) && isString(option.value))
  );
}

function isFileAttachment(file: unknown): boolean {
  return (
    isWireObject(file) &&
    isString(file.type) &&
    isString(file.url) &&
    isOptionalString(file.mimetype) &&
    (file.filename === null || isOptionalString(file.filename))
  );
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || isString(value);
}

/**
 * Flow actions as `{ id, data }`. Older bots send `{type, title}` or `{type, action}`: the
 * title/action string is the id. Entries with no usable id are left out (the event's `raw` keeps them).
 * Always rebuilt: actions are rare and short, so a no-copy fast path would not pay for itself.
 */
export function normaliseActions(actions: unknown): readonly HubAction[] {
  return objectsIn(actions).flatMap((entry) => {
    const id = [entry.id, entry.title, entry.action].find(isString);
    return id === undefined ? [] : { id, data: asObject(entry.data) };
  });
}
