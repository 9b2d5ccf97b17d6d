// main/app's hardening against a mocked electron module: the window's web preferences, navigation
// and window.open guards, permissions, the CSP header, and the app:// file server's boundary.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeWebContents extends EventEmitter {
    windowOpenHandler: ((details: unknown) => unknown) | undefined;
    loadedUrl: string | undefined;
    setWindowOpenHandler(handler: (details: unknown) => unknown) {
      this.windowOpenHandler = handler;
    }
  }
  class FakeBrowserWindow extends EventEmitter {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly show = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    loadURL(url: string) {
      this.webContents.loadedUrl = url;
      return Promise.resolve();
    }
  }
  return { FakeBrowserWindow, FakeWebContents };
});

vi.mock('electron', () => ({
  BrowserWindow: electron.FakeBrowserWindow,
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  default: {},
}));

const { createMainWindow } = await import('../../main/app/window');
const { contentSecurityPolicy, hardenSession, hardenWebContents } = await import('../../main/app/security');
const { APP_ENTRY_URL, createAppUrlMatcher, pageLocation } = await import('../../main/app/app-url');
const { resolveAppFile } = await import('../../main/app/protocol');

type FakeWindow = InstanceType<typeof electron.FakeBrowserWindow>;

const isAppUrl = createAppUrlMatcher(APP_ENTRY_URL);

function openWindow(): FakeWindow {
  const window = createMainWindow({ preloadPath: '/app/out/preload/index.cjs', entryUrl: APP_ENTRY_URL, isAppUrl, devTools: false });
  return window as unknown as FakeWindow;
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('the cashier window', () => {
  it('is created isolated and sandboxed, without node, with our preload, hidden until ready', () => {
    const window = openWindow();
    const prefs = window.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(window.options['show']).toBe(false);
    expect(window.webContents.loadedUrl).toBe(APP_ENTRY_URL);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('prevents navigation and redirects to anything but our page', () => {
    const window = openWindow();
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/index.html', 'file:///etc/passwd', 'app://counter/other.html', 'javascript:alert(1)']) {
      for (const name of ['will-navigate', 'will-redirect']) {
        const event = navigationEvent(url);
        window.webContents.emit(name, event);
        expect(event.preventDefault, `${name} ${url}`).toHaveBeenCalled();
      }
    }
    const own = navigationEvent(`${APP_ENTRY_URL}#/sale`);
    window.webContents.emit('will-navigate', own);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('denies window.open and prevents <webview>', () => {
    const window = openWindow();
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(window.webContents.windowOpenHandler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    window.webContents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('guards any other web contents the same way', () => {
    const contents = new electron.FakeWebContents();
    hardenWebContents(contents as never, isAppUrl);
    const event = navigationEvent('https://evil.example/');
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

type HeadersListener = (details: unknown, callback: (response: unknown) => void) => void;
type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type CheckHandler = (...args: unknown[]) => boolean;

function fakeSession() {
  const seen: { headers?: HeadersListener; request?: RequestHandler; check?: CheckHandler; device?: CheckHandler } = {};
  const session = {
    seen,
    webRequest: { onHeadersReceived: (listener: HeadersListener) => void (seen.headers = listener) },
    setPermissionRequestHandler: (handler: RequestHandler) => void (seen.request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => void (seen.check = handler),
    setDevicePermissionHandler: (handler: CheckHandler) => void (seen.device = handler),
  };
  return session;
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('session hardening', () => {
  it('denies every permission request and check', () => {
    const session = fakeSession();
    hardenSession(session as never, contentSecurityPolicy());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      const callback = vi.fn();
      session.seen.request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.seen.check?.({}, permission, 'app://counter', {})).toBe(false);
    }
    expect(session.seen.device?.({ deviceType: 'usb' })).toBe(false);
  });

  it('puts our strict CSP on every response, replacing any the response brought', () => {
    const session = fakeSession();
    const csp = contentSecurityPolicy();
    hardenSession(session as never, csp);
    const callback = vi.fn();
    session.seen.headers?.(
      { url: APP_ENTRY_URL, responseHeaders: { 'content-security-policy': ["default-src *; script-src * 'unsafe-inline'"], 'Content-Type': ['text/html'] } },
      callback,
    );
    const headers = (callback.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> }).responseHeaders;
    const cspHeaders = Object.entries(headers).filter(([name]) => name.toLowerCase() === 'content-security-policy');
    expect(cspHeaders).toEqual([['Content-Security-Policy', [csp]]]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('the production policy allows no inline script, no eval and no remote origin', () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, values] of policy) {
      for (const value of values) {
        expect(["'self'", "'none'", 'data:'], `${name} ${value}`).toContain(value);
      }
    }
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('loosens the policy only for a local dev server of an unpackaged app', () => {
    expect(pageLocation('http://localhost:5173/', false)).toEqual({ entryUrl: 'http://localhost:5173/', dev: true });
    expect(pageLocation('http://localhost:5173/', true)).toEqual({ entryUrl: APP_ENTRY_URL, dev: false });
    expect(pageLocation('https://evil.example/', false)).toEqual({ entryUrl: APP_ENTRY_URL, dev: false });
    expect(pageLocation(undefined, false)).toEqual({ entryUrl: APP_ENTRY_URL, dev: false });
    const dev = directives(contentSecurityPolicy({ dev: true, devServerUrl: 'http://localhost:5173/' }));
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
  });
});

describe('app:// file server', () => {
  const root = path.resolve('/app/out/renderer');

  it('maps our URLs to files inside the renderer folder', () => {
    expect(resolveAppFile(root, 'app://counter/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://counter/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://counter/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it('never answers with a file outside it', () => {
    for (const url of [
      'app://counter/../main/index.js',
      'app://counter/%2e%2e/main/index.js',
      'app://counter/assets/%2e%2e%2f%2e%2e%2fmain/index.js',
      'app://counter/assets/..%2f..%2f..%2fetc/passwd',
      'app://counter/..%5c..%5cmain%5cindex.js',
      'app://counter/%00index.html',
    ]) {
      const file = resolveAppFile(root, url);
      if (file !== undefined) expect(file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'app://counter/assets/..%2f..%2f..%2fetc/passwd')).toBeUndefined();
    expect(resolveAppFile(root, 'app://counter/..%5c..%5cmain%5cindex.js')).toBeUndefined();
  });

  it('refuses other hosts and schemes', () => {
    for (const url of ['app://other/index.html', 'file:///app/out/renderer/index.html', 'https://counter/index.html', 'not a url']) {
      expect(resolveAppFile(root, url), url).toBeUndefined();
    }
  });
});
