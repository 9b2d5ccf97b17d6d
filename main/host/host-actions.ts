// The browser host's part of exports and printing: an export becomes a one-time download URL on this
// host (downloads.ts); printing is the page's own window.print(), so the host answers not_allowed.
import { PosError } from '../../shared/errors';
import type { HostActions } from '../runtime/host-actions';
import type { DownloadShelf } from './downloads';

export function browserHostActions(shelf: DownloadShelf): HostActions {
  return {
    async deliverExport(file) {
      const offer = shelf.offer(file);
      return { kind: 'download', url: offer.url, filename: offer.filename };
    },
    async print() {
      throw new PosError('not_allowed', 'this host prints from the page');
    },
  };
}
