import { HubProtocolError } from '../../lib/errors';
import { decodeFrame } from '../../lib/protocol/decode';
import type { HubEvent } from '../../lib/protocol/inbound';
import { exampleFiles, nameEventType, type ExampleFile } from './example-files';
import { MODELLED_TYPES } from './decode-helpers';
import { EXPECTED } from './expected-inbound';

type Json = { [key: string]: unknown };

/** What any inbound example must decode to, worked out from the file alone. */
function expectedFromFile(json: Json) {
  const event = (typeof json.event_type === 'string' ? json : json.event) as Json;
  let wireType = event.event_type as string;
  let payload = (event.event_payload ?? {}) as Json;
  let eventId = event.event_id as string | undefined;
  if (wireType === 'conversation_update' && payload.event_type === 'general_error') {
    wireType = 'general_error';
    eventId ??= payload.event_id as string | undefined;
    payload = payload.event_payload as Json;
  }
  const type = MODELLED_TYPES.includes(wireType) ? wireType : 'unknown';
  return { event, wireType, type, eventId, conversationId: payload.conversation_id, payload };
}

const files = exampleFiles('in');
const decode = (file: ExampleFile): HubEvent => {
  const event = decodeFrame(file.text);
  if (event instanceof HubProtocolError) throw new Error(`${file.name}: ${event.message}`);
  return event;
};

describe('inbound examples: invariants for every in.* file', () => {
  it('finds the example folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(files.map((file) => [file.name, file] as const))('%s', (_name, file) => {
    const expected = expectedFromFile(file.json as Json);

    it('decodes to the type, ids and raw event the file implies', () => {
      const event = decodeFrame(file.text);
      expect(event).not.toBeInstanceOf(HubProtocolError);
      const decoded = event as HubEvent;
      expect(decoded.type).toBe(expected.type);
      expect(decoded.eventId).toBe(expected.eventId);
      expect(decoded.conversationId).toBe(expected.conversationId);
      expect(decoded.raw).toEqual(expected.event);
      if (decoded.type === 'unknown') {
        expect(decoded.eventType).toBe(expected.wireType);
        expect(decoded.payload).toEqual(expected.payload);
      }
    });

    it('agrees with the event type in its file name when that type is modelled', () => {
      const fromName = nameEventType(file.name);
      if (MODELLED_TYPES.includes(fromName)) expect(decode(file).type).toBe(fromName);
      else expect(decode(file).type).toBe('unknown');
    });

    it('decodes the same from text, Buffer, Uint8Array and ArrayBuffer', () => {
      const bytes = Buffer.from(file.text, 'utf8');
      const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const fromText = decode(file);
      for (const data of [bytes, new Uint8Array(bytes), arrayBuffer]) {
        expect(decodeFrame(data)).toEqual(fromText);
      }
    });
  });
});

describe('inbound examples: explicit expectations', () => {
  const names = files.map((file) => file.name);

  it.each(Object.keys(EXPECTED))('%s exists', (name) => {
    expect(names).toContain(name);
  });

  it.each(Object.entries(EXPECTED))('%s decodes as expected', (name, expected) => {
    const file = files.find((candidate) => candidate.name === name);
    if (!file) throw new Error(`missing example ${name}`);
    const decoded = decode(file);
    for (const [key, value] of Object.entries(expected)) {
      expect({ [key]: decoded[key as keyof HubEvent] }).toStrictEqual({ [key]: value });
    }
  });

  it('keeps the conversation id off the known payloads (lifted to the event)', () => {
    for (const file of files) {
      const decoded = decode(file);
      if (decoded.type !== 'unknown') expect(decoded.payload).not.toHaveProperty('conversationId');
    }
  });
});
