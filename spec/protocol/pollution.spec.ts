import fc from 'fast-check';
import { HubProtocolError } from '../../lib/errors';
import { decodeFrame } from '../../lib/protocol/decode';
import { decodeClientFrame } from '../../lib/protocol/decode-client';
import { encodeEvent } from '../../lib/protocol/encode';
import type { OutboundEvent } from '../../lib/protocol/outbound';
import { MODELLED_TYPES } from './decode-helpers';

const POISON =
  '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}';
// Splices the poison keys into a JSON object literal: `{"a":1}` → `{<poison keys>,"a":1}`.
const poisoned = (json: string) => (json === '{}' ? POISON : `${POISON.slice(0, -1)},${json.slice(1)}`);

/** Every modelled type, and one the model does not know. */
const TYPES = [...MODELLED_TYPES, 'typing_indicator'];

/** A payload with poison keys at every level the codec reads. */
function poisonedPayload(): string {
  const part = poisoned('{"type":"text","text":"t"}');
  const button = poisoned(
    `{"type":"button","buttons":${poisoned(`{"options":[${poisoned('{"label":"l","value":"v"}')}]}`)}}`,
  );
  const action = poisoned(`{"type":"normal","title":"go","data":${POISON}}`);
  const entry = poisoned(
    `{"from":"bot","messages":${poisoned(`{"idChat":"c","messages":[${part}],"actions":[${action}]}`)},"files":[${POISON}]}`,
  );
  return poisoned(
    `{"conversation_id":"c","socket_id":"s","content":[${part},${button},${POISON}],"bot":${POISON},"actions":[${action}],` +
      `"transcript":[${poisoned(`{"event_id":"e","messages":[${entry}]}`)}],` +
      `"conversations":[${poisoned(`{"conversation_id":"c","metadata":${POISON}}`)}],"pagination":${POISON},` +
      `"data":${POISON},"error_code":"1","event_type":"general_error","event_payload":${POISON}}`,
  );
}

function expectPrototypeUntouched(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
}

/** Every object reachable from the decoded value keeps a standard prototype and inherits no poison. */
function expectStandardPrototypes(value: unknown, seen = new Set<unknown>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (value instanceof Error) return expectStandardPrototypes({ ...value }, seen);
  expect([Object.prototype, Array.prototype]).toContain(proto);
  // The poison objects carry `polluted` as their own key; no object may inherit it.
  if (!Object.hasOwn(value, 'polluted')) expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  for (const key of Object.keys(value))
    expectStandardPrototypes((value as Record<string, unknown>)[key], seen);
}

describe('prototype pollution', () => {
  afterEach(expectPrototypeUntouched);

  it.each(TYPES)('a %s frame poisoned at every level changes no prototype', (type) => {
    const text = poisoned(`{"event_type":"${type}","event_id":"e","event_payload":${poisonedPayload()}}`);
    const event = decodeFrame(text);
    expect(event).not.toBeInstanceOf(HubProtocolError);
    expectStandardPrototypes(event);
    const wrapped = decodeFrame(poisoned(`{"action":"receiveMessage","event":${text}}`));
    expectStandardPrototypes(wrapped);
  });

  it('keeps __proto__ as a plain own property of passed-through objects', () => {
    const event = decodeFrame(`{"event_type":"conversation_metadata","event_payload":{"content":${POISON}}}`);
    if (event instanceof HubProtocolError || event.type !== 'conversation_metadata')
      throw new Error('bad decode');
    expect(Object.getPrototypeOf(event.payload.metadata)).toBe(Object.prototype);
    expect(Object.keys(event.payload.metadata)).toEqual(['__proto__', 'constructor', 'prototype']);
  });

  it('client frames with poison keys decode and re-encode without touching prototypes', () => {
    const text =
      '{"action":"sendMessage","event":{"event_type":"conversation_start","event_payload":' +
      `{"userBasicInfo":${POISON},"userData":${POISON},"metadata":${POISON}}}}`;
    const model = decodeClientFrame(poisoned(text.slice(0, -2) + '}}'));
    expect(model).not.toBeInstanceOf(HubProtocolError);
    expectStandardPrototypes(model);
    expect(encodeEvent(model as OutboundEvent)).toBe(text);
  });

  it('random JSON with poison keys never changes Object.prototype', () => {
    const key = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'event_type',
      'event_payload',
      'content',
      'a',
    );
    const poisonJson = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        tie('object'),
        fc.array(tie('value'), { maxLength: 3 }),
      ),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(poisonJson, fc.constantFrom(...TYPES), (payload, type) => {
        const text = JSON.stringify({ event_type: type, event_payload: payload }).replace(
          /"a":/g,
          '"__proto__":',
        );
        expectStandardPrototypes(decodeFrame(text));
        expectStandardPrototypes(decodeClientFrame(text));
        expectPrototypeUntouched();
      }),
      { numRuns: 300 },
    );
  });
});
