// Hardening that follows the Electron security checklist: a strict CSP on every response, no
// navigation away from our page, no new windows, no <webview>, and every permission denied (the
// till needs none: the barcode scanner is a keyboard, the printer is the main process's business).
import type { App, Session, WebContents } from 'electron';
import { pagePolicy } from '../web/csp';

/**
 * The page's Content-Security-Policy (main/web/csp.ts). The packaged app gets the strict one. The dev
 * server's page needs inline scripts and styles and its HMR socket, so `dev` loosens exactly those;
 * it is only ever used for an unpackaged app on a loopback server.
 */
export function contentSecurityPolicy(options: { dev?: boolean; devServerUrl?: string } = {}): string {
  if (!options.dev) return pagePolicy();
  const connect: string[] = [];
  if (options.devServerUrl) {
    const server = new URL(options.devServerUrl);
    connect.push(`${server.protocol === 'https:' ? 'wss' : 'ws'}://${server.host}`);
  }
  return pagePolicy({ inline: true, connect });
}

/** Session-wide: the CSP header on every response, and no permission for anything. */
export function hardenSession(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Per web contents: stay on our page, open nothing, attach no webview. */
export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Applies hardenWebContents to every web contents the app ever creates, ours or not. */
export function hardenAllWebContents(app: App, isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));
}
