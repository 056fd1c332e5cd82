import { isWireObject } from './json.js';
import type { UserFile, UserMessageContent } from './parts.js';
import type { WireObject } from './wire.js';

/** A client frame's payload broke the protocol; `decodeClientFrame` turns it into a `HubProtocolError`. */
export class ClientFieldError extends Error {}

/**
 * Typed reads of one client → hub payload. Required fields must have their type; optional
 * fields may be absent (or `undefined`) but not of another type. Keys are fixed names only.
 */
export class PayloadFields {
  readonly #payload: WireObject;
  readonly #eventType: string;

  constructor(payload: WireObject, eventType: string) {
    this.#payload = payload;
    this.#eventType = eventType;
  }

  has(key: string): boolean {
    return this.#payload[key] !== undefined;
  }

  string(key: string): string {
    const value = this.#payload[key];
    if (typeof value !== 'string') this.fail(key, 'a string');
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  object(key: string): WireObject {
    const value = this.#payload[key];
    if (!isWireObject(value)) this.fail(key, 'an object');
    return value;
  }

  optionalObject(key: string): WireObject | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }

  pageValue(object: WireObject, key: string): number | string {
    const value = object[key];
    if (typeof value !== 'number' && typeof value !== 'string')
      this.fail(`pagination.${key}`, 'a number or string');
    return value;
  }

  content(key: string): UserMessageContent {
    const content = this.object(key);
    const text = content.text;
    if (content.files === undefined) {
      if (typeof text !== 'string' || (content.type !== undefined && content.type !== 'text')) {
        this.fail(key, '{type:"text", text} or {text?, files}');
      }
      return { type: 'text', text };
    }
    if (!Array.isArray(content.files)) this.fail(`${key}.files`, 'an array');
    if (text !== undefined && typeof text !== 'string') this.fail(`${key}.text`, 'a string');
    const files = content.files.map((file: unknown, index) => this.#userFile(file, `${key}.files[${index}]`));
    return text === undefined ? { files } : { text, files };
  }

  #userFile(file: unknown, path: string): UserFile {
    if (!isWireObject(file)) this.fail(path, 'an object');
    const fields = new PayloadFields(file, `${this.#eventType} ${path}`);
    return compact({
      url: fields.optionalString('url'),
      type: fields.string('type'),
      filename: fields.string('filename'),
      textContent: fields.optionalString('textContent'),
    });
  }

  fail(key: string, expected: string): never {
    throw new ClientFieldError(`${this.#eventType}: "${key}" must be ${expected}`);
  }
}

/** A copy of a model object we built (trusted keys) without its `undefined` fields. */
export function compact<T extends object>(object: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) result[key] = value;
  return result as T;
}
