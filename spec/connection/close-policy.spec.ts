import {
  failureFromClose,
  failureFromSocketError,
  THROTTLE_FLOOR_MS,
} from '../../lib/connection/close-policy.js';
import { AuthRejectedError, TimeoutError } from '../../lib/errors.js';

describe('close-code policy', () => {
  it.each([
    [1000, 'routine'],
    [1001, 'routine'],
    [1009, 'routine'],
    [1006, 'backoff'],
    [1011, 'backoff'],
    [1008, 'throttled'],
    [1013, 'throttled'],
    [4321, 'backoff'],
  ])('%i → %s', (code, policy) => {
    expect(failureFromClose({ code }, true).policy).toBe(policy);
  });

  it('puts a floor of several seconds under throttling', () => {
    expect(THROTTLE_FLOOR_MS).toBeGreaterThanOrEqual(5000);
  });

  it('treats a routine close before socket_connected as a failure', () => {
    expect(failureFromClose({ code: 1000 }, false).policy).toBe('backoff');
    expect(failureFromClose({ code: 1008 }, false).policy).toBe('throttled');
  });

  it('keeps the close code of a 1009 (a payload the gateway refused)', () => {
    expect(failureFromClose({ code: 1009, reason: 'too big' }, true)).toMatchObject({
      policy: 'routine',
      error: { code: 'CONNECTION_LOST', closeCode: 1009, closeReason: 'too big' },
    });
  });

  it.each([401, 403])('maps ws "Unexpected server response: %i" to a fatal AUTH_REJECTED', (status) => {
    const failure = failureFromSocketError({ message: `Unexpected server response: ${status}` }, 'k', false);
    expect(failure.error).toBeInstanceOf(AuthRejectedError);
    expect(failure.policy).toBe('fatal');
  });

  it('backs off on other upgrade failures, browser error events and timeouts', () => {
    expect(failureFromSocketError({ message: 'Unexpected server response: 502' }, 'k', false).policy).toBe(
      'backoff',
    );
    expect(failureFromSocketError({ type: 'error' }, 'k', false).policy).toBe('backoff');
    const timeout = new TimeoutError('CONNECT_TIMEOUT', 'socket_connected', 10);
    expect(failureFromSocketError(timeout, 'k', false)).toMatchObject({
      error: timeout,
      policy: 'backoff',
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
