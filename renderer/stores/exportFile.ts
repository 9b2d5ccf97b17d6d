// Exports and printing from the back office. An export is asked of the main process, which makes the
// CSV and delivers it itself: Electron saves it where the cashier chose; the browser host gives a
// one-time URL on its own address, which the page follows so the browser downloads the file. The
// file's bytes never come to the page.
import type { ExportRequest } from '../../shared/contract/exports';
import { PosCallError } from '../../shared/errors';
import { call } from '../bridge';

export type ExportOutcome = { kind: 'saved'; path: string } | { kind: 'cancelled' } | { kind: 'downloaded'; filename: string };

/** Follows the host's download URL: it answers with Content-Disposition: attachment, so the page stays. */
function followDownload(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export async function exportReport(request: ExportRequest, download: (url: string, filename: string) => void = followDownload): Promise<ExportOutcome> {
  const delivery = await call('exportReport', request);
  switch (delivery.kind) {
    case 'saved':
      return { kind: 'saved', path: delivery.path };
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'download':
      download(delivery.url, delivery.filename);
      return { kind: 'downloaded', filename: delivery.filename };
  }
}

/** Prints the page: the host's print (Electron), or the browser's window.print() where the host answers not_allowed. */
export async function printPage(printInBrowser: () => void = () => window.print()): Promise<void> {
  try {
    await call('printPage', {});
  } catch (error) {
    if (error instanceof PosCallError && error.code === 'not_allowed') {
      printInBrowser();
      return;
    }
    throw error;
  }
}
