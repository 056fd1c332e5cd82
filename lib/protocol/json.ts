import type { WireObject } from './wire.js';

/**
 * Type guards for values out of `JSON.parse`. The codec only ever reads fields by fixed names
 * and never copies untrusted objects with `Object.assign`, so keys such as `__proto__` stay
 * plain own properties (see docs/protocol.md, "Prototype pollution").
 */

/** Shared, frozen stand-ins for absent fields: no allocation per event. */
export const EMPTY_OBJECT: WireObject = Object.freeze({});
export const EMPTY_ARRAY: readonly never[] = Object.freeze([]);

/** A JSON object (not an array, not null). */
export function isWireObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON string. */
export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** `value` when it is a string, else `undefined`. */
export function asString(value: unknown): string | undefined {
  return isString(value) ? value : undefined;
}

/** `value` when it is a JSON object, else the shared empty object. */
export function asObject(value: unknown): WireObject {
  return isWireObject(value) ? value : EMPTY_OBJECT;
}

/** The JSON objects in `value` when it is an array (other entries skipped), else none. */
export function objectsIn(value: unknown): readonly WireObject[] {
  return Array.isArray(value) ? value.filter(isWireObject) : EMPTY_ARRAY;
}

/** Own-key lookup in a table keyed by untrusted strings (`constructor`, `__proto__` miss). */
export function ownEntry<V>(table: { readonly [key: string]: V }, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * `model` with the string-valued fields `keys` of `wire` copied onto it under the same names:
 * optional model fields that are absent, not `undefined`, when the wire lacks them.
 */
export function withStrings<T extends object>(model: T, wire: WireObject, keys: readonly string[]): T {
  for (const key of keys) {
    if (isString(wire[key])) (model as Record<string, unknown>)[key] = wire[key];
  }
  return model;
}
