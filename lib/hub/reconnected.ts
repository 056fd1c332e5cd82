import { type Observable, distinctUntilChanged, filter, map, skip } from 'rxjs';
import type { ConnectionStatus } from '../connection/hub-connection.js';

/**
 * The generation of every socket that reached `connected` after the first one seen by this
 * subscription: one emission per reconnect (after its `socket_connected`), none for the first connect.
 */
export function reconnected$(status$: Observable<ConnectionStatus>): Observable<number> {
  return status$.pipe(
    filter((status) => status.state === 'connected'),
    map((status) => status.generation),
    distinctUntilChanged(),
    skip(1),
  );
}
