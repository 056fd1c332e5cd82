import { type Observable, NEVER } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { reconnectLoop$ } from '../../lib/connection/reconnect-loop.js';
import { resolveReconnectOptions } from '../../lib/connection/backoff.js';
import {
  failureFromClose,
  type SocketFailure,
  THROTTLE_FLOOR_MS,
} from '../../lib/connection/close-policy.js';
import type { SessionSignal } from '../../lib/connection/socket-session.js';

const lost = (wasConnected = true): SocketFailure => failureFromClose({ code: 1006 }, wasConnected);
const routine = (): SocketFailure => failureFromClose({ code: 1001 }, true);
const stable: SessionSignal = 'stable';

describe('reconnectLoop$ (virtual time)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => (scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected))));

  function run(
    sessions: (generation: number, cold: TestScheduler['createColdObservable']) => Observable<SessionSignal>,
    reconnect: Parameters<typeof resolveReconnectOptions>[0] | false,
    wakeups$: (hot: TestScheduler['createHotObservable']) => Observable<unknown> = () => NEVER,
  ) {
    const log: string[] = [];
    let generation = 0;
    let outcome = '';
    scheduler.run(({ cold, hot, flush }) => {
      reconnectLoop$({
        session: (attempt) => {
          log.push(`${scheduler.now()} open ${++generation} attempt ${attempt}`);
          return sessions(generation, cold);
        },
        reconnect: reconnect === false ? undefined : resolveReconnectOptions(reconnect),
        onRetry: (_f, attempt, delayMs) => log.push(`${scheduler.now()} retry ${attempt} in ${delayMs}`),
        wakeups$: wakeups$(hot),
        random: () => 1,
      }).subscribe({ error: (e: SocketFailure) => (outcome = `${scheduler.now()} gave up ${e.error.code}`) });
      flush();
    });
    return { log, outcome };
  }

  it('backs off 10, 20, 40 ms and gives up after maxAttempts', () => {
    const { log, outcome } = run((_g, cold) => cold('--#', undefined, lost()), {
      initialDelayMs: 10,
      maxAttempts: 3,
    });
    expect(log).toEqual([
      '0 open 1 attempt 0',
      '2 retry 1 in 10',
      '12 open 2 attempt 1',
      '14 retry 2 in 20',
      '34 open 3 attempt 2',
      '36 retry 3 in 40',
      '76 open 4 attempt 3',
    ]);
    expect(outcome).toBe('78 gave up CONNECTION_LOST');
  });

  it('resets the count only after the stable signal, not because a socket lived a while', () => {
    const { log } = run(
      (g, cold) =>
        g === 2
          ? cold('---#', undefined, lost())
          : g === 3
            ? cold('-s-#', { s: stable }, lost())
            : g < 5
              ? cold('-#', undefined, lost())
              : NEVER,
      { initialDelayMs: 10 },
    );
    expect(log.filter((l) => l.includes('retry'))).toEqual([
      '1 retry 1 in 10',
      '14 retry 2 in 20',
      '37 retry 1 in 10',
      '48 retry 2 in 20',
    ]);
  });

  it('reconnects at once after a routine close, once per stable period', () => {
    const { log } = run((g, cold) => (g < 3 ? cold('-#', undefined, routine()) : NEVER), {
      initialDelayMs: 10,
    });
    expect(log).toEqual([
      '0 open 1 attempt 0',
      '1 retry 1 in 0',
      '1 open 2 attempt 0',
      '2 retry 1 in 10',
      '12 open 3 attempt 1',
    ]);
  });

  it('backs off at least THROTTLE_FLOOR_MS after a throttling close', () => {
    const throttled = failureFromClose({ code: 1008 }, true);
    const { log } = run((g, cold) => (g === 1 ? cold('-#', undefined, throttled) : NEVER), {
      initialDelayMs: 10,
    });
    expect(log).toEqual(['0 open 1 attempt 0', `1 retry 1 in ${THROTTLE_FLOOR_MS}`, '5001 open 2 attempt 1']);
  });

  it('treats a routine close before socket_connected as a failure', () => {
    const early = failureFromClose({ code: 1000 }, false);
    const { log } = run((g, cold) => (g === 1 ? cold('-#', undefined, early) : NEVER), {
      initialDelayMs: 10,
    });
    expect(log).toContain('1 retry 1 in 10');
  });

  it('cuts a pending backoff short on a wake-up', () => {
    const { log } = run(
      (g, cold) => (g === 1 ? cold('-#', undefined, lost()) : NEVER),
      { initialDelayMs: 1000 },
      (hot) => hot('-----w'),
    );
    expect(log).toEqual(['0 open 1 attempt 0', '1 retry 1 in 1000', '5 open 2 attempt 1']);
  });

  it('gives up at the first end when reconnection is off', () => {
    const { log, outcome } = run((_g, cold) => cold('-#', undefined, routine()), false);
    expect(log).toEqual(['0 open 1 attempt 0']);
    expect(outcome).toBe('1 gave up CONNECTION_LOST');
  });
});
