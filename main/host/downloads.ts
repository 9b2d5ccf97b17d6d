// Exports in the browser host: main keeps the finished file and the page gets a URL on this same
// 127.0.0.1 host (a random one-time token in the path) that serves it once, as an attachment, within
// a short time. The file's bytes never travel over the page's WebSocket.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExportFile } from '../runtime/host-actions';
import { contentTypeFor } from '../web/content-types';
import { sendText } from './static';

export const DOWNLOAD_PATH_PREFIX = '/downloads/';
/** how long an offered download waits to be taken */
export const DOWNLOAD_LIFETIME_MS = 60_000;
/** offers kept at once; a newer one pushes out the oldest (a cashier exports one file at a time) */
const MAX_WAITING = 8;

export interface DownloadOffer {
  /** a path on this host: /downloads/<token> */
  url: string;
  filename: string;
}

export interface DownloadShelf {
  offer(file: ExportFile): DownloadOffer;
  /** Answers a request for a download path (the caller has checked Host): the file once, else 404. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string, headers: Record<string, string>): void;
  /** forgets every offer (the host is closing) */
  clear(): void;
}

interface Waiting {
  filename: string;
  body: Buffer;
  timer: ReturnType<typeof setTimeout>;
}

/** The Content-Disposition of an attachment: an ASCII fallback name and the exact name in RFC 5987 form. */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function createDownloadShelf(options: { lifetimeMs?: number } = {}): DownloadShelf {
  const lifetimeMs = options.lifetimeMs ?? DOWNLOAD_LIFETIME_MS;
  const waiting = new Map<string, Waiting>();

  const forget = (token: string): Waiting | undefined => {
    const entry = waiting.get(token);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    waiting.delete(token);
    return entry;
  };

  return {
    offer(file) {
      while (waiting.size >= MAX_WAITING) forget(waiting.keys().next().value as string);
      const token = randomBytes(32).toString('base64url');
      const timer = setTimeout(() => forget(token), lifetimeMs);
      timer.unref();
      waiting.set(token, { filename: file.filename, body: Buffer.from(file.content, 'utf8'), timer });
      return { url: `${DOWNLOAD_PATH_PREFIX}${token}`, filename: file.filename };
    },

    serve(req, res, pathname, headers) {
      if (req.method !== 'GET') {
        sendText(res, 405, 'Method not allowed', headers, { Allow: 'GET' });
        return;
      }
      const entry = forget(pathname.slice(DOWNLOAD_PATH_PREFIX.length));
      if (!entry) {
        sendText(res, 404, 'This download has expired or was already taken: export again.', headers);
        return;
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': contentTypeFor(entry.filename),
        'Content-Length': String(entry.body.length),
        'Content-Disposition': attachmentDisposition(entry.filename),
        'Cache-Control': 'no-store',
      });
      res.end(entry.body);
    },

    clear() {
      for (const token of [...waiting.keys()]) forget(token);
    },
  };
}
