// New profile ids from any name: always ends, always a valid profile id, never a training client's id,
// never an id already taken.
import { describe, expect, it } from 'vitest';
import { TRAINING_PREFIX } from '../../main/runtime/gateway-profiles';
import { newProfileId } from '../../main/runtime/profile-id';
import { profileIdSchema } from '../../shared/contract/schemas/common';

function expectUsable(id: string, taken: readonly string[] = []): void {
  expect(profileIdSchema.safeParse(id).success, id).toBe(true);
  expect(id.startsWith(TRAINING_PREFIX), id).toBe(false);
  expect(taken).not.toContain(id);
}

describe('new profile id', () => {
  it.each(['Training shop', 'training', 'TRAINING', 'training-umf', '  Training  ', 'Training-beeshop', '训练 training shop'])('is never a training id for %j', (name) => {
    const id = newProfileId(name, []);
    expectUsable(id);
    expect(id).toMatch(/^profile-training/);
  });

  it('keeps a name that only starts with the letters of "training"', () => {
    expect(newProfileId('Trainingshop', [], () => 'abc123')).toBe('trainingshop-abc123');
  });

  it.each(['', '   ', '---', '上海 店', '收银台', '🙂🙂', '!!!'])('falls back to "profile" when %j slugs to nothing', (name) => {
    const id = newProfileId(name, []);
    expectUsable(id);
    expect(id).toMatch(/^profile-[0-9a-f]{6}$/);
  });

  it('cuts a very long name and stays within 40 characters', () => {
    for (const name of ['x'.repeat(10_000), 'training '.repeat(500), 'a-'.repeat(400), `${'b'.repeat(23)}-${'c'.repeat(30)}`]) {
      const id = newProfileId(name, []);
      expectUsable(id);
      expect(id.length).toBeLessThanOrEqual(40);
      expect(id).not.toMatch(/--/);
    }
  });

  it('draws again when the id is taken, and ends even if every draw collides', () => {
    const draws = ['aaaaaa', 'aaaaaa', 'bbbbbb'];
    expect(newProfileId('Shop', ['shop-aaaaaa'], () => draws.shift()!)).toBe('shop-bbbbbb');

    const taken = ['shop-stuck', 'shop-1', 'shop-2', 'shop-3'];
    const id = newProfileId('Shop', taken, () => 'stuck');
    expect(id).toBe('shop-4');
    expectUsable(id, taken);
  });
});
