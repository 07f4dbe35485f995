import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expandHarArguments } from '../../src/cli/har-arguments';

describe('verify file arguments', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'har-args-'));
  for (const f of ['b.har', 'a.har', 'notes.txt', 'run-1.har']) writeFileSync(path.join(dir, f), '{}');
  mkdirSync(path.join(dir, 'empty'));

  it('expands a directory to its .har files, sorted', () => {
    expect(expandHarArguments([dir])).toEqual(['a.har', 'b.har', 'run-1.har'].map((f) => path.join(dir, f)));
  });

  it('expands wildcards in the file name without a shell', () => {
    expect(expandHarArguments([path.join(dir, 'run-?.har'), path.join(dir, '*.txt')])).toEqual([path.join(dir, 'run-1.har'), path.join(dir, 'notes.txt')]);
  });

  it('passes plain paths through and refuses patterns or directories that match nothing', () => {
    expect(expandHarArguments(['/nowhere/x.har'])).toEqual(['/nowhere/x.har']);
    expect(() => expandHarArguments([path.join(dir, '*.json')])).toThrow(/no file matches/);
    expect(() => expandHarArguments([path.join(dir, 'empty')])).toThrow(/holds no \.har files/);
  });
});
