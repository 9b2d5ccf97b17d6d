// Saving gateway profiles under awkward names through the runtime: each save answers, the id is a
// usable profile id, and a name like "Training shop" never makes an id the training routing claims.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDefinition } from '../../main/gateways/registry';
import { TRAINING_PREFIX } from '../../main/runtime/gateway-profiles';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import { profileIdSchema } from '../../shared/contract/schemas/common';
import { closeTestEnv, openTestEnv, startTestRuntime, type TestEnv } from './runtime-fixture';

let env: TestEnv;
let runtime: RuntimeWithTraining | undefined;

beforeEach(async () => {
  env = await openTestEnv('counter-profile-names-');
  runtime = await startTestRuntime({ dataDir: env.dataDir, settings: memoryBacking(), simulators: env.sim });
});

afterEach(async () => {
  await closeTestEnv(env, runtime);
  runtime = undefined;
});

describe('profile names', () => {
  it('saves profiles named like training, empty after slugging, very long, Chinese and repeated', async () => {
    const { values, secrets } = findDefinition('umf')!.training(env.sim);
    const names = ['Training shop', 'training', 'TRAINING-umf', '收银台', '!!!', 'n'.repeat(60), 'Training shop', 'Training shop'];
    const ids: string[] = [];
    for (const name of names) {
      const saved = await runtime!.api.saveProfile({ name, kind: 'umf', values: values as Record<string, string | number | boolean>, secrets });
      expect(profileIdSchema.safeParse(saved.id).success).toBe(true);
      expect(saved.id.startsWith(TRAINING_PREFIX)).toBe(false);
      expect(saved.name).toBe(name);
      ids.push(saved.id);
    }
    expect(new Set(ids).size).toBe(names.length);
    const listed = (await runtime!.api.getSettings({})).profiles.map((p) => p.id);
    expect(listed).toEqual(expect.arrayContaining(ids));
  }, 20_000);
});
