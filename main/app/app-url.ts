// Where our one page lives, and the test every guard uses to tell our page from anything else.
// Built files are served on a privileged custom scheme (app://counter/) rather than file://, so the
// page has a real origin, no file-system reach, and a CSP header we set ourselves (protocol.ts).
// During development the page comes from electron-vite's dev server instead.
import { isLoopback } from '../net/loopback';

export const APP_SCHEME = 'app';
export const APP_HOST = 'counter';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface PageLocation {
  /** the URL the window loads */
  entryUrl: string;
  /** true when the page comes from a local dev server (never in a packaged app) */
  dev: boolean;
}

/** Our page's location: the dev server when one is given (unpackaged only), else the built files. */
export function pageLocation(devServerUrl: string | undefined, packaged: boolean): PageLocation {
  if (!packaged && devServerUrl) {
    const url = parse(devServerUrl);
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url)) {
      return { entryUrl: url.href, dev: true };
    }
  }
  return { entryUrl: APP_ENTRY_URL, dev: false };
}

/**
 * Returns a test that accepts our own page only: same scheme, host and port as the entry URL and
 * the entry document's path (`/` and `/index.html` are the same page). Query and hash are ignored,
 * so in-page routing keeps passing.
 */
export function createAppUrlMatcher(entryUrl: string): (url: string) => boolean {
  const entry = parse(entryUrl);
  if (!entry) throw new Error(`not a URL: ${entryUrl}`);
  const entryPath = documentPath(entry.pathname);
  return (candidate: string) => {
    const url = parse(candidate);
    if (!url) return false;
    return (
      url.protocol === entry.protocol &&
      url.host === entry.host &&
      url.username === '' &&
      url.password === '' &&
      documentPath(url.pathname) === entryPath
    );
  };
}

function documentPath(pathname: string): string {
  return pathname === '' || pathname === '/' ? '/index.html' : pathname;
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
