import { connect } from 'node:net';

/**
 * Writes `request` as is on a fresh TCP connection to 127.0.0.1:`port` and resolves with all
 * the server wrote until it closed the connection (`Connection: close` in the request makes it
 * close after one answer; an idle connection is closed by the server's own timeout).
 */
export function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(request);
  });
}

/** The status line's code of a raw HTTP answer, e.g. 400. */
export const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
