import fc from 'fast-check';
import { printable } from '../../lib/cli/terminal-text.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('printable', () => {
  it('removes escape sequences introducers, C1 controls and bidi overrides, keeps newline and tab', () => {
    expect(printable('a\x1b[2Jb\x07c\x9b1md\u202eе\tf\ng\r')).toBe('a[2Jbc1mdе\tf\ng');
  });

  it('leaves no control character and removes nothing else, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = printable(text);
        expect(out).not.toMatch(CONTROL);
        expect(out).toBe([...text].filter((c) => !CONTROL.test(c)).join(''));
      }),
    );
  });
});
