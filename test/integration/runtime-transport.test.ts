// The transport a host gives the runtime (Electron's net.fetch in the desktop app) carries every
// gateway call: the training clients, the live clients built at start-up and those built when a
// profile is saved. Counted against what each simulator received. Real runtime, loopback HTTP.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { nodeFetchTransport, type Transport } from '../../main/gateways/http';
import { findDefinition } from '../../main/gateways/registry';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import { closeTestEnv, openTestEnv, startTestRuntime, type TestEnv } from './runtime-fixture';

const KINDS = ['storepay', 'umf', 'beeshop'] as const;

let env: TestEnv;
let rt: RuntimeWithTraining | undefined;

beforeEach(async () => {
  env = await openTestEnv('counter-runtime-transport-');
});

afterEach(async () => {
  await closeTestEnv(env, rt);
  rt = undefined;
});

/** Node's fetch, with the URL of every request it carried written down. */
function recordingTransport(): { transport: Transport; urls: string[] } {
  const urls: string[] = [];
  return { urls, transport: { send: (request) => (urls.push(String(request.url)), nodeFetchTransport.send(request)) } };
}

const carried = (urls: readonly string[], kind: (typeof KINDS)[number]) => urls.filter((url) => url.startsWith(env.sim[kind].baseUrl)).length;
const received = (kind: (typeof KINDS)[number]) => env.sim[kind].received.length;

it('carries the calls of training clients, of live clients saved and of live clients built at start', async () => {
  const vault = createMemoryVault();
  const backing = memoryBacking({ settings: { terminalId: 'TRNS', qrPollInitialMs: 60_000, qrPollMaxMs: 60_000 } });
  const first = recordingTransport();
  rt = await startTestRuntime({ dataDir: env.dataDir, simulators: env.sim, settings: backing, vault, transport: first.transport });

  expect(await rt.api.startQrPayment({ amountMinor: 1234, currency: 'CNY' })).toMatchObject({ status: 'pending', mode: 'training' });
  const ids: string[] = [];
  for (const kind of KINDS) {
    const { values, secrets } = findDefinition(kind)!.training(env.sim);
    const profile = await rt.api.saveProfile({ name: `${kind} shop`, kind, values: values as Record<string, string | number | boolean>, secrets });
    expect(await rt.api.testProfile({ id: profile.id })).toMatchObject({ ok: true });
    ids.push(profile.id);
  }
  for (const kind of KINDS) {
    expect(received(kind)).toBeGreaterThan(0);
    expect(carried(first.urls, kind)).toBe(received(kind));
  }
  await rt.close();
  rt = undefined;

  const before = Object.fromEntries(KINDS.map((kind) => [kind, received(kind)]));
  const second = recordingTransport();
  rt = await startTestRuntime({ dataDir: env.dataDir, simulators: env.sim, settings: backing, vault, transport: second.transport });
  for (const id of ids) expect(await rt.api.testProfile({ id })).toMatchObject({ ok: true });
  for (const kind of KINDS) {
    expect(received(kind)).toBeGreaterThan(before[kind] as number);
    expect(carried(second.urls, kind)).toBe(received(kind) - (before[kind] as number));
  }
});
