import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FakeConnection } from '/work/wt/zeroloss/spec/client/support/fake-connection.ts';
import { createHub } from '/work/wt/zeroloss/lib/hub/hub-client.ts';
import { resolveHubOptions } from '/work/wt/zeroloss/lib/options.ts';
import { asyncScheduler } from '/work/wt/zeroloss/node_modules/rxjs/dist/cjs/index.js';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const send = process.argv[2] === 'send';
const keep: unknown[] = [];
const conn = new FakeConnection();
const hub = createHub(conn as never, resolveHubOptions({ url: 'ws://x', apiKey: 'k' }), asyncScheduler);
hub.conversation('warm').sendText('x');
gc(); gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 5000; i++) {
  const c = hub.conversation(`c${i}`);
  c.messages$.subscribe();
  if (send) keep.push(c.sendText('hello there'));
}
gc(); gc();
console.log(send ? 'send' : 'open', Math.round((process.memoryUsage().heapUsed - before) / 5000));
process.exit(0);
