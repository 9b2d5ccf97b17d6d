// Exports are written by the main process, never carried through the page: the real runtime makes
// the CSV and each host delivers it. Electron (its save dialog mocked: the binary is not here) writes
// the file where the cashier chose; the browser host answers with a one-time URL on its own
// 127.0.0.1 address that serves the file once, as an attachment, for a short time.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const showSaveDialog = vi.fn();
vi.mock('electron', () => ({ dialog: { showSaveDialog } }));

const { dispatch } = await import('../../main/core/dispatch');
const { labelsFor } = await import('../../main/core/reports/labels');
const { electronHostActions } = await import('../../main/app/host-actions');
const { createDownloadShelf, DOWNLOAD_LIFETIME_MS } = await import('../../main/host/downloads');
const { browserHostActions } = await import('../../main/host/host-actions');
const { startBrowserHost } = await import('../../main/host/index');
const { memoryBacking } = await import('../../main/settings/store');
const { closeTestEnv, openTestEnv, startTestRuntime } = await import('./runtime-fixture');
const { fakeRuntime, inbox, openClient, originOf, staticFixture } = await import('./host-helpers');

const DAY = '2026-11-22';
const env = await openTestEnv('counter-exports-');
const saveDir = mkdtempSync(join(tmpdir(), 'counter-exports-saved-'));

afterAll(async () => {
  await closeTestEnv(env);
  rmSync(saveDir, { recursive: true, force: true });
});
afterEach(() => showSaveDialog.mockReset());

/** The CSV's lines without the one stamped with the moment it was made. */
function linesOf(csv: string, language: 'en' | 'zh-CN'): string[] {
  return csv.split('\r\n').filter((line) => !line.startsWith(`${labelsFor(language).generatedAt},`));
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function rawRequest(url: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Electron: main saves the export through the save dialog', () => {
  it('writes the CSV core makes where the cashier chose, and answers only the path', async () => {
    const runtime = await startTestRuntime({
      dataDir: join(env.dataDir, 'electron'),
      settings: memoryBacking(),
      simulators: env.sim,
      host: 'electron',
      hostActions: electronHostActions(() => undefined),
    });
    try {
      const target = join(saveDir, 'chosen.csv');
      showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
      const answer = await dispatch(runtime.api, 'exportReport', { report: 'day', day: DAY, language: 'zh-CN' });
      expect(answer).toEqual({ ok: true, value: { kind: 'saved', path: target } });
      expect(showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: `counter-day-${DAY}.csv` }));
      const expected = (await runtime.reportCsv({ report: 'day', day: DAY, language: 'zh-CN' })).content;
      expect(linesOf(readFileSync(target, 'utf8'), 'zh-CN')).toEqual(linesOf(expected, 'zh-CN'));

      showSaveDialog.mockResolvedValue({ canceled: true });
      expect(await dispatch(runtime.api, 'exportReport', { report: 'settlement', day: DAY, language: 'en' })).toEqual({ ok: true, value: { kind: 'cancelled' } });

      showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(saveDir, 'missing-folder', 'x.csv') });
      expect(await dispatch(runtime.api, 'exportReport', { report: 'reconciliation', day: DAY, language: 'en' })).toMatchObject({
        ok: false,
        error: { code: 'export_failed' },
      });
    } finally {
      await runtime.close();
    }
  });
});

describe('browser host: main offers the export as a one-time download on its own address', () => {
  it('answers the page with a URL, and the URL gives the CSV core makes, once, as an attachment', async () => {
    const fixture = await staticFixture();
    const downloads = createDownloadShelf();
    const runtime = await startTestRuntime({
      dataDir: join(env.dataDir, 'browser'),
      settings: memoryBacking(),
      simulators: env.sim,
      hostActions: browserHostActions(downloads),
    });
    const host = await startBrowserHost({ runtime, staticDir: fixture.staticDir, downloads });
    const ws = await openClient(host.url, { origin: originOf(host.url), token: host.token });
    try {
      const messages = inbox(ws);
      ws.send(JSON.stringify({ id: 1, method: 'exportReport', input: { report: 'day', day: DAY, language: 'en' } }));
      const reply = (await messages.next((m) => (m as { id?: unknown }).id === 1)) as { result: { ok: true; value: { kind: string; url: string; filename: string } } };
      const delivery = reply.result.value;
      expect(delivery).toEqual({ kind: 'download', url: expect.stringMatching(/^\/downloads\/[A-Za-z0-9_-]{43}$/), filename: `counter-day-${DAY}.csv` });
      // the file is not in what the page received
      expect(JSON.stringify(reply)).not.toContain(labelsFor('en').generatedAt);

      const first = await rawRequest(host.url, delivery.url);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(first.headers['content-disposition']).toBe(`attachment; filename="counter-day-${DAY}.csv"; filename*=UTF-8''counter-day-${DAY}.csv`);
      expect(first.headers['cache-control']).toBe('no-store');
      expect(first.headers['x-content-type-options']).toBe('nosniff');
      expect(first.headers['content-length']).toBe(String(first.body.length));
      const expected = (await runtime.reportCsv({ report: 'day', day: DAY, language: 'en' })).content;
      expect(first.body.subarray(0, 3)).toEqual(Buffer.from(expected, 'utf8').subarray(0, 3)); // the same opening bytes (the BOM, when core writes one)
      expect(linesOf(first.body.toString('utf8'), 'en')).toEqual(linesOf(expected, 'en'));

      // once only
      expect((await rawRequest(host.url, delivery.url)).status).toBe(404);
    } finally {
      ws.close();
      await host.close();
      await runtime.close();
      await fixture.cleanup();
    }
  });
});

describe('browser host: the download shelf', () => {
  let fixture: Awaited<ReturnType<typeof staticFixture>>;
  beforeAll(async () => {
    fixture = await staticFixture();
  });
  afterAll(() => fixture.cleanup());

  async function hostWith(shelf: ReturnType<typeof createDownloadShelf> | undefined) {
    return startBrowserHost({ runtime: fakeRuntime(), staticDir: fixture.staticDir, ...(shelf ? { downloads: shelf } : {}) });
  }

  it('serves only to a request naming this host exactly, and a refused request does not use the link up', async () => {
    const shelf = createDownloadShelf();
    const host = await hostWith(shelf);
    try {
      const { url } = shelf.offer({ filename: 'a.csv', content: 'a,b\r\n' });
      expect((await rawRequest(host.url, url, { headers: { Host: `counter.example:${new URL(host.url).port}` } })).status).toBe(403);
      expect((await rawRequest(host.url, url, { headers: { Host: `localhost:${new URL(host.url).port}` } })).status).toBe(403);
      expect((await rawRequest(host.url, url, { method: 'POST' })).status).toBe(405);
      expect((await rawRequest(host.url, url, { method: 'HEAD' })).status).toBe(405);
      const taken = await rawRequest(host.url, url);
      expect(taken.status).toBe(200);
      expect(taken.body.toString('utf8')).toBe('a,b\r\n');
    } finally {
      await host.close();
    }
  });

  it('forgets an offer after its lifetime, and knows no token it did not give', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const shelf = createDownloadShelf();
    let host: Awaited<ReturnType<typeof hostWith>> | undefined;
    try {
      const early = shelf.offer({ filename: 'early.csv', content: 'e' });
      const alsoEarly = shelf.offer({ filename: 'also-early.csv', content: 'a' });
      vi.advanceTimersByTime(DOWNLOAD_LIFETIME_MS - 1);
      const fresh = shelf.offer({ filename: 'fresh.csv', content: 'f' });
      vi.advanceTimersByTime(1);
      vi.useRealTimers();
      host = await hostWith(shelf);
      expect((await rawRequest(host.url, early.url)).status).toBe(404);
      expect((await rawRequest(host.url, alsoEarly.url)).status).toBe(404);
      expect((await rawRequest(host.url, fresh.url)).status).toBe(200);
      expect((await rawRequest(host.url, '/downloads/not-a-token-it-gave')).status).toBe(404);
      expect((await rawRequest(host.url, '/downloads/')).status).toBe(404);
    } finally {
      vi.useRealTimers();
      await host?.close();
    }
  });

  it('keeps a few offers at most, dropping the oldest', async () => {
    const shelf = createDownloadShelf();
    const host = await hostWith(shelf);
    try {
      const offers = Array.from({ length: 9 }, (_, i) => shelf.offer({ filename: `f${i}.csv`, content: String(i) }));
      expect((await rawRequest(host.url, offers[0]!.url)).status).toBe(404);
      for (const offer of offers.slice(1)) expect((await rawRequest(host.url, offer.url)).status).toBe(200);
    } finally {
      await host.close();
    }
  });

  it('names a file with characters outside ASCII exactly, with a safe fallback', async () => {
    const shelf = createDownloadShelf();
    const host = await hostWith(shelf);
    try {
      const { url } = shelf.offer({ filename: '日报 2026.csv', content: 'x' });
      const answer = await rawRequest(host.url, url);
      expect(answer.headers['content-disposition']).toBe(`attachment; filename="___2026.csv"; filename*=UTF-8''${encodeURIComponent('日报 2026.csv')}`);
    } finally {
      await host.close();
    }
  });

  it('is 404 on a host given no shelf, and a closed host forgets its offers', async () => {
    const bare = await hostWith(undefined);
    try {
      expect((await rawRequest(bare.url, '/downloads/anything')).status).toBe(404);
    } finally {
      await bare.close();
    }
    const shelf = createDownloadShelf();
    const first = await hostWith(shelf);
    const { url } = shelf.offer({ filename: 'a.csv', content: 'a' });
    await first.close();
    const second = await hostWith(shelf);
    try {
      expect((await rawRequest(second.url, url)).status).toBe(404);
    } finally {
      await second.close();
    }
  });
});
