import { LruMap } from '../../src/util/lru';

describe('LruMap', () => {
  it('keeps the most recently used entries up to its capacity', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect([m.get('a'), m.get('c'), m.size]).toEqual([1, 3, 2]);
    m.set('a', 10); // replacing counts as a use and keeps one entry
    expect([m.get('a'), m.size]).toEqual([10, 2]);
  });

  it('bounds the total weight too, keeping a single heavy entry alone', () => {
    const m = new LruMap<string, string>(10, (v) => v.length, 5);
    m.set('a', 'xx');
    m.set('b', 'yyy');
    expect(m.size).toBe(2);
    m.set('c', 'z'); // 6 > 5: the oldest goes
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([undefined, 'yyy', 'z']);
    m.set('d', 'wwwwwwww');
    expect([m.size, m.get('d')]).toEqual([1, 'wwwwwwww']);
    m.clear();
    m.set('e', 'vvvvv');
    m.set('f', 'u'); // the weight was reset by clear: 6 > 5 evicts e only
    expect([m.get('e'), m.get('f'), m.size]).toEqual([undefined, 'u', 1]);
  });
});
