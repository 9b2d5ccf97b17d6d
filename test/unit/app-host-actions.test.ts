// Electron's save dialog and printing, with the electron module mocked (the binary is not here).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const showSaveDialog = vi.fn();
vi.mock('electron', () => ({ dialog: { showSaveDialog } }));

const { electronHostActions } = await import('../../main/app/host-actions');

const dir = mkdtempSync(join(tmpdir(), 'counter-save-'));
afterEach(() => showSaveDialog.mockReset());

describe('Electron host actions', () => {
  it('writes the export where the cashier chose, exactly', async () => {
    const target = join(dir, 'day.csv');
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const window = { webContents: {} } as never;
    const result = await electronHostActions(() => window).saveExport('counter-day-2026-11-22.csv', '\uFEFFa,b\r\n1,2\r\n');
    expect(result).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('\uFEFFa,b\r\n1,2\r\n');
    expect(showSaveDialog).toHaveBeenCalledWith(window, expect.objectContaining({ defaultPath: 'counter-day-2026-11-22.csv' }));
  });

  it('saves nothing when the dialog is cancelled', async () => {
    showSaveDialog.mockResolvedValue({ canceled: true });
    expect(await electronHostActions(() => undefined).saveExport('x.csv', 'x')).toEqual({ saved: false });
  });

  it('prints the window and takes a cancelled print dialog as no error', async () => {
    const print = vi.fn((_options: unknown, done: (success: boolean, reason: string) => void) => done(false, 'cancelled'));
    await expect(electronHostActions(() => ({ webContents: { print } }) as never).print()).resolves.toBeUndefined();
    const failing = vi.fn((_options: unknown, done: (success: boolean, reason: string) => void) => done(false, 'no printer'));
    await expect(electronHostActions(() => ({ webContents: { print: failing } }) as never).print()).rejects.toThrow(/no printer/);
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
