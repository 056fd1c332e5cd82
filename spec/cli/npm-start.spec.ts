// `npm start` (scripts/start.mjs) from the sources, as a newcomer runs it after `npm ci`: no build
// step, the page, the widget and its icon answer, and Ctrl-C stops it with exit code 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

jest.setTimeout(30_000);

describe('npm start', () => {
  it('serves the demo page, its script and icon, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', '0'], { cwd: ROOT });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      const pageUrl = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const match = /Demo chat widget: (http:\/\/\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        };
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`exited before serving:\n${out}`)));
      });

      const page = await fetch(pageUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('"apiKey":"demo-key"');
      expect(html).toContain('rel="icon"');
      const script = await fetch(new URL('/widget.js', pageUrl));
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await script.text()).includes('connectHub')).toBe(true);
      expect((await fetch(new URL('/favicon.ico', pageUrl))).status).toBe(204);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
