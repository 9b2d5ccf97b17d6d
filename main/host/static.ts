// Serves the built renderer (dist-web) read-only: GET and HEAD, known content types, nothing outside
// the folder (after decoding and after following links), and the per-launch token put into index.html.
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor } from '../web/content-types';
import { TOKEN_META_NAME } from './protocol';

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Maps a URL path to a file under root, or undefined when the path is malformed or leaves root.
 * `root` must be absolute and already resolved (realpath).
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || !decoded.startsWith('/')) return undefined;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const full = path.resolve(root, `.${relative}`);
  return isInside(root, full) && full !== root ? full : undefined;
}

/** Puts the token into the page's head as a meta tag. The token is base64url, so it needs no escaping. */
export function injectToken(html: string, token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('token must be base64url');
  const meta = `<meta name="${TOKEN_META_NAME}" content="${token}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`;
  }
  return `${meta}\n${html}`;
}

export interface StaticOptions {
  /** realpath of the folder served */
  root: string;
  token: string;
  headers: Record<string, string>;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>, extra: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, {
    ...headers,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, options: StaticOptions): Promise<void> {
  const { root, token, headers } = options;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', headers, { Allow: 'GET, HEAD' });
    return;
  }
  const candidate = resolveStaticPath(root, pathname);
  if (!candidate) {
    sendText(res, 404, 'Not found', headers);
    return;
  }
  let filePath: string;
  let size: number;
  try {
    // Follow links, then check again: a link inside dist-web must not lead out of it.
    filePath = await realpath(candidate);
    if (!isInside(root, filePath)) throw new Error('outside');
    const info = await stat(filePath);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    if (pathname === '/favicon.ico') {
      // Browsers ask for it unprompted; without an icon in the build, answer "nothing" rather than
      // leave a 404 in the console of every page load.
      res.writeHead(204, { ...headers, 'Cache-Control': 'no-cache' });
      res.end();
      return;
    }
    sendText(res, 404, 'Not found', headers);
    return;
  }

  const isIndex = path.basename(filePath) === 'index.html';
  if (isIndex) {
    // index.html carries this launch's token: read it each time (a rebuild is picked up) and never cache it.
    const html = injectToken(await readFile(filePath, 'utf8'), token);
    const body = Buffer.from(html, 'utf8');
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeFor(filePath),
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }

  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeFor(filePath),
    'Content-Length': String(size),
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(filePath);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export { sendText };
