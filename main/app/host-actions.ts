// Electron's part of exports and printing: a native save dialog and the window's print dialog.
import { writeFile } from 'node:fs/promises';
import { dialog, type BrowserWindow } from 'electron';
import type { HostActions } from '../runtime/host-actions';

export function electronHostActions(getWindow: () => BrowserWindow | undefined): HostActions {
  return {
    async saveExport(filename, content) {
      const window = getWindow();
      const options = { defaultPath: filename, filters: [{ name: 'CSV', extensions: ['csv'] }] };
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { saved: false };
      await writeFile(choice.filePath, content, 'utf8');
      return { saved: true, path: choice.filePath };
    },
    print() {
      const window = getWindow();
      if (!window) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        window.webContents.print({ printBackground: true }, (success, reason) => {
          // A cashier closing the print dialog is not an error.
          if (success || reason === 'cancelled') resolve();
          else reject(new Error(`printing failed: ${reason}`));
        });
      });
    },
  };
}
