// Electron's part of exports and printing: a native save dialog with the file written here in main,
// and the window's print dialog.
import { writeFile } from 'node:fs/promises';
import { dialog, type BrowserWindow } from 'electron';
import { PosError } from '../../shared/errors';
import type { HostActions } from '../runtime/host-actions';

export type PrintOutcome =
  | { kind: 'printed' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; code: 'print_failed' | 'printer_not_found'; reason: string };

/**
 * What webContents.print's callback means, from Electron's own failureReason strings (its
 * web-contents.md and shell/browser/printing): "Print job canceled" is the cashier closing the dialog;
 * "Invalid deviceName provided" and "No printers available on the network" mean no such printer;
 * anything else ("Print job failed", "Invalid printer settings", "Failed to enumerate printers", ...)
 * is a failed print.
 */
export function printOutcome(success: boolean, failureReason: string): PrintOutcome {
  if (success) return { kind: 'printed' };
  const reason = failureReason.trim();
  if (/^print job cancell?ed$/i.test(reason)) return { kind: 'cancelled' };
  if (reason === 'Invalid deviceName provided' || reason === 'No printers available on the network') {
    return { kind: 'failed', code: 'printer_not_found', reason };
  }
  return { kind: 'failed', code: 'print_failed', reason: reason || 'no reason given' };
}

export function electronHostActions(getWindow: () => BrowserWindow | undefined): HostActions {
  return {
    async deliverExport({ filename, content }) {
      const window = getWindow();
      const options = { defaultPath: filename, filters: [{ name: 'CSV', extensions: ['csv'] }] };
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { kind: 'cancelled' };
      try {
        await writeFile(choice.filePath, content, 'utf8');
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        throw new PosError('export_failed', `the export could not be written: ${reason}`, { reason });
      }
      return { kind: 'saved', path: choice.filePath };
    },
    print() {
      const window = getWindow();
      if (!window) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        window.webContents.print({ printBackground: true }, (success, failureReason) => {
          const outcome = printOutcome(success, failureReason);
          // A cashier closing the print dialog is not an error.
          if (outcome.kind !== 'failed') resolve();
          else reject(new PosError(outcome.code, `printing failed: ${outcome.reason}`, { reason: outcome.reason }));
        });
      });
    },
  };
}
