// The real keytar on a machine with no Secret Service: a child Node process whose session bus
// address leads nowhere (and with no X display to autolaunch one). It must report
// { ok: false, reason } and refuse with 'keychain_unavailable', never crash, never echo the secret.
// A child process, because libsecret keeps its bus connection for the life of a process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const vaultModule = new URL('../../main/credentials/keytar-vault.ts', import.meta.url).href;

const script = `
import { KeytarVault } from ${JSON.stringify(vaultModule)};
const vault = new KeytarVault({ service: 'Counter-test-nobus' });
const outcome = { availability: await vault.available(), errors: [] };
for (const call of [
  () => vault.set('p', 'password', 'nobus-secret-value'),
  () => vault.get('p', 'password'),
  () => vault.has('p', 'password'),
  () => vault.delete('p', 'password'),
  () => vault.deleteProfile('p', ['password']),
]) {
  try {
    await call();
    outcome.errors.push(null);
  } catch (error) {
    outcome.errors.push({ name: error.name, code: error.code, message: error.message, stack: error.stack, details: error.details });
  }
}
process.stdout.write(JSON.stringify(outcome));
`;

interface Outcome {
  availability: { ok: boolean; reason?: string };
  errors: Array<{ name: string; code: string; message: string; stack: string; details: unknown } | null>;
}

describe('keytar with no Secret Service (real native module)', () => {
  it('reports unavailable with a reason and refuses every operation', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/counter-test-bus' };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      env,
      timeout: 15_000,
    });
    const outcome = JSON.parse(stdout) as Outcome;

    expect(outcome.availability.ok).toBe(false);
    expect(outcome.availability.reason).toMatch(/keychain probe failed: .+/);
    expect(outcome.errors).toHaveLength(5);
    for (const error of outcome.errors) {
      expect(error).toMatchObject({ name: 'PosError', code: 'keychain_unavailable' });
    }
    expect(stdout).not.toContain('nobus-secret-value');
  });
});
