import {
  closeRule,
  failureFromClose,
  failureFromSocketError,
  THROTTLE_FLOOR_MS,
} from '../../lib/connection/close-policy.js';
import { AuthRejectedError, TimeoutError } from '../../lib/errors.js';

describe('close-code policy', () => {
  it.each([
    [1000, 'immediate'],
    [1001, 'immediate'],
    [1009, 'immediate'],
    [1006, 'backoff'],
    [1011, 'backoff'],
    [1008, 'backoff'],
    [4321, 'backoff'],
  ])('%i → %s', (code, kind) => {
    expect(closeRule(code).policy.kind).toBe(kind);
  });

  it('puts a floor of several seconds under 1008', () => {
    expect(closeRule(1008).policy).toEqual({ kind: 'backoff', floorMs: THROTTLE_FLOOR_MS });
    expect(THROTTLE_FLOOR_MS).toBeGreaterThanOrEqual(5000);
  });

  it('flags 1009 as a payload the gateway refused', () => {
    expect(failureFromClose({ code: 1009, reason: 'too big' }, true)).toMatchObject({
      payloadTooLarge: true,
      wasConnected: true,
      error: { code: 'CONNECTION_LOST', closeCode: 1009, closeReason: 'too big' },
    });
  });

  it.each([401, 403])('maps ws "Unexpected server response: %i" to a fatal AUTH_REJECTED', (status) => {
    const failure = failureFromSocketError({ message: `Unexpected server response: ${status}` }, 'k', false);
    expect(failure.error).toBeInstanceOf(AuthRejectedError);
    expect(failure.policy.kind).toBe('fatal');
  });

  it('backs off on other upgrade failures, browser error events and timeouts', () => {
    expect(
      failureFromSocketError({ message: 'Unexpected server response: 502' }, 'k', false).policy.kind,
    ).toBe('backoff');
    expect(failureFromSocketError({ type: 'error' }, 'k', false).policy.kind).toBe('backoff');
    const timeout = new TimeoutError('CONNECT_TIMEOUT', 'socket_connected', 10);
    expect(failureFromSocketError(timeout, 'k', false)).toMatchObject({
      error: timeout,
      policy: { kind: 'backoff' },
    });
  });

  it('redacts the key from an implementation error that echoes the URL', () => {
    const failure = failureFromSocketError(
      new SyntaxError('Invalid URL: ws://h/?apikey=s3cr%2Ft'),
      's3cr/t',
      false,
    );
    expect(failure.error.message).not.toContain('s3cr');
    expect(failure.error.message).toContain('***');
  });
});
