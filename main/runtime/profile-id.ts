// A new gateway profile's id: a slug of its name and a random tail. Every loop here ends whatever the
// name is: the training ids are kept out by the stem itself, not by drawing again.
import { randomBytes } from 'node:crypto';
import { TRAINING_PREFIX } from './gateway-profiles';

const STEM_LENGTH = 24;
const RANDOM_DRAWS = 8;

function stemOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, STEM_LENGTH)
    .replace(/^-+|-+$/g, '');
  if (slug === '') return 'profile';
  // "Training shop" must never look like a training client's id, which the directory routes by prefix.
  return `${slug}-`.startsWith(TRAINING_PREFIX) ? `profile-${slug}` : slug;
}

/** `randomTail` is for tests; ids are at most 40 characters of [a-z0-9-]. */
export function newProfileId(name: string, existingIds: readonly string[], randomTail: () => string = () => randomBytes(3).toString('hex')): string {
  const taken = new Set(existingIds);
  const stem = stemOf(name);
  for (let draw = 0; draw < RANDOM_DRAWS; draw += 1) {
    const id = `${stem}-${randomTail()}`;
    if (!taken.has(id)) return id;
  }
  // Only a broken random source gets here; a counter past the number of ids taken is always free.
  for (let n = 1; n <= taken.size + 1; n += 1) {
    const id = `${stem}-${n}`;
    if (!taken.has(id)) return id;
  }
  throw new Error('unreachable: more free counters than taken ids');
}
