// Electron's save dialog and printing, with the electron module mocked (the binary is not here).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const showSaveDialog = vi.fn();
vi.mock('electron', () => ({ dialog: { showSaveDialog } }));

const { electronHostActions, printOutcome } = await import('../../main/app/host-actions');

const dir = mkdtempSync(join(tmpdir(), 'counter-save-'));
afterEach(() => showSaveDialog.mockReset());

describe('Electron host actions', () => {
  it('writes the export where the cashier chose, exactly', async () => {
    const target = join(dir, 'day.csv');
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const window = { webContents: {} } as never;
    const result = await electronHostActions(() => window).deliverExport({ filename: 'counter-day-2026-11-22.csv', content: '\uFEFFa,b\r\n1,2\r\n' });
    expect(result).toEqual({ kind: 'saved', path: target });
    expect(readFileSync(target, 'utf8')).toBe('\uFEFFa,b\r\n1,2\r\n');
    expect(showSaveDialog).toHaveBeenCalledWith(window, expect.objectContaining({ defaultPath: 'counter-day-2026-11-22.csv' }));
  });

  it('saves nothing when the dialog is cancelled', async () => {
    showSaveDialog.mockResolvedValue({ canceled: true });
    expect(await electronHostActions(() => undefined).deliverExport({ filename: 'x.csv', content: 'x' })).toEqual({ kind: 'cancelled' });
  });

  it('says the file could not be written, as a typed error, when the chosen place cannot take it', async () => {
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'no-such-folder', 'day.csv') });
    await expect(electronHostActions(() => undefined).deliverExport({ filename: 'day.csv', content: 'x' })).rejects.toMatchObject({
      name: 'PosError',
      code: 'export_failed',
      details: { reason: 'ENOENT' },
    });
  });

  type PrintCallback = (success: boolean, failureReason: string) => void;
  const printingWith = (success: boolean, failureReason: string) => {
    const print = vi.fn((_options: unknown, done: PrintCallback) => done(success, failureReason));
    return electronHostActions(() => ({ webContents: { print } }) as never).print();
  };

  it('prints the window and takes a cancelled print dialog (Electron: "Print job canceled") as no error', async () => {
    await expect(printingWith(true, '')).resolves.toBeUndefined();
    await expect(printingWith(false, 'Print job canceled')).resolves.toBeUndefined();
  });

  it("turns Electron's failure reasons into typed errors a cashier can read", async () => {
    await expect(printingWith(false, 'Print job failed')).rejects.toMatchObject({ name: 'PosError', code: 'print_failed', details: { reason: 'Print job failed' } });
    await expect(printingWith(false, 'Invalid printer settings')).rejects.toMatchObject({ code: 'print_failed' });
    await expect(printingWith(false, 'Invalid deviceName provided')).rejects.toMatchObject({ code: 'printer_not_found' });
    await expect(printingWith(false, 'No printers available on the network')).rejects.toMatchObject({ code: 'printer_not_found' });
    await expect(printingWith(false, '')).rejects.toMatchObject({ code: 'print_failed' });
  });

  it('maps each reason to one outcome', () => {
    expect(printOutcome(true, '')).toEqual({ kind: 'printed' });
    expect(printOutcome(false, 'Print job canceled')).toEqual({ kind: 'cancelled' });
    expect(printOutcome(false, 'Print job failed')).toEqual({ kind: 'failed', code: 'print_failed', reason: 'Print job failed' });
    expect(printOutcome(false, 'Invalid deviceName provided')).toEqual({ kind: 'failed', code: 'printer_not_found', reason: 'Invalid deviceName provided' });
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
