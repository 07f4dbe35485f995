import { plural, singular } from '../../src/util/words';

describe('singular and plural (one pair for the fixtures, the write units and the run)', () => {
  it.each([
    ['recipes', 'recipe'],
    ['tasks', 'task'],
    ['categories', 'category'],
    ['boxes', 'box'],
    ['branches', 'branch'],
    ['people', 'person'],
    ['status', 'status'],
    ['addresses', 'address'],
  ])('%s ↔ %s', (many, one) => {
    expect(singular(many)).toBe(one);
    if (one !== 'status') expect(plural(one)).toBe(many);
  });
});
