// Saving an export (CSV): Electron's save dialog through saveExport; the browser host answers
// not_allowed, and the page then downloads the file itself.
import { PosCallError } from '../../shared/errors';
import { call } from '../bridge';

export type ExportOutcome = { kind: 'saved'; path?: string } | { kind: 'cancelled' } | { kind: 'downloaded'; filename: string };

/** The browser's download of a text file: a Blob behind an <a download> (the page's CSP allows it). */
function downloadInBrowser(filename: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // the download has its own copy once it starts
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function saveExportFile(file: { filename: string; content: string }, download = downloadInBrowser): Promise<ExportOutcome> {
  try {
    const answer = await call('saveExport', file);
    if (!answer.saved) return { kind: 'cancelled' };
    return answer.path ? { kind: 'saved', path: answer.path } : { kind: 'saved' };
  } catch (error) {
    if (error instanceof PosCallError && error.code === 'not_allowed') {
      download(file.filename, file.content);
      return { kind: 'downloaded', filename: file.filename };
    }
    throw error;
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
