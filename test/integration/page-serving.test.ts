// What both hosts serve the page with is written once: one CSP (the desktop app's header, the browser
// host's header, the <meta> of renderer/index.html), one content-type table, one loopback test and one
// set of WebSocket protocol constants. Each is checked on what the hosts really answer, and the tree
// is searched for a second copy.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Handler = (request: Request) => Promise<Response>;
const appProtocol = vi.hoisted(() => ({ handler: undefined as undefined | ((request: Request) => Promise<Response>) }));
vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: () => undefined }, default: {} }));

const { contentSecurityPolicy: appPolicy } = await import('../../main/app/security');
const { serveRenderer } = await import('../../main/app/protocol');
const { pageLocation } = await import('../../main/app/app-url');
const { startBrowserHost } = await import('../../main/host/index');
const { contentSecurityPolicy: hostPolicy } = await import('../../main/host/security');
const { pageMetaPolicy } = await import('../../main/web/csp');
const { KNOWN_EXTENSIONS } = await import('../../main/web/content-types');
const { isLoopback } = await import('../../main/net/loopback');
const { fakeRuntime, staticFixture } = await import('./host-helpers');
type StaticFixture = Awaited<ReturnType<typeof staticFixture>>;
type BrowserHost = Awaited<ReturnType<typeof startBrowserHost>>;

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name as string, values.join(' ')]));
}

let fixture: StaticFixture;
let host: BrowserHost;
let appHandler: Handler;

beforeAll(async () => {
  fixture = await staticFixture();
  for (const extension of KNOWN_EXTENSIONS) await writeFile(path.join(fixture.staticDir, 'assets', `file${extension}`), 'x');
  await writeFile(path.join(fixture.staticDir, 'assets', 'file.unknown'), 'x');
  host = await startBrowserHost({ runtime: fakeRuntime(), staticDir: fixture.staticDir });
  const session = { protocol: { handle: (_scheme: string, handler: Handler) => void (appProtocol.handler = handler) } };
  serveRenderer(session as never, fixture.staticDir, appPolicy());
  appHandler = appProtocol.handler as Handler;
});

afterAll(async () => {
  await host.close();
  await fixture.cleanup();
});

describe('one Content-Security-Policy', () => {
  it("the browser host's header is the desktop app's policy, with the host's own WebSocket added to connect-src", async () => {
    const port = Number(new URL(host.url).port);
    const served = (await fetch(host.url)).headers.get('content-security-policy') as string;
    expect(served).toBe(hostPolicy(port));
    const app = directives(appPolicy());
    const browser = directives(served);
    expect([...browser.keys()]).toEqual([...app.keys()]);
    for (const [name, value] of app) {
      expect(browser.get(name), name).toBe(name === 'connect-src' ? `${value} ws://127.0.0.1:${port}` : value);
    }
  });

  it('the app:// answers carry the same policy the session header gives', async () => {
    const answer = await appHandler(new Request('app://counter/index.html'));
    expect(answer.headers.get('content-security-policy')).toBe(appPolicy());
  });

  it("renderer/index.html's <meta> is the one policy, without what a meta tag cannot carry", () => {
    const html = readFileSync(path.join(projectRoot, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(pageMetaPolicy());
    const fromMeta = directives(pageMetaPolicy());
    for (const [name, value] of directives(appPolicy())) {
      if (name === 'frame-ancestors') expect(fromMeta.has(name)).toBe(false);
      else if (name === 'connect-src') expect(fromMeta.get(name)).toBe(`${value} ws://127.0.0.1:*`);
      else expect(fromMeta.get(name), name).toBe(value);
    }
  });
});

describe('one content-type table', () => {
  it('both hosts answer every known extension, and an unknown one, with the same Content-Type', async () => {
    for (const extension of [...KNOWN_EXTENSIONS, '.unknown']) {
      const name = `assets/file${extension}`;
      const fromHost = await fetch(`${host.url}${name}`);
      const fromApp = await appHandler(new Request(`app://counter/${name}`));
      expect(fromHost.status, name).toBe(200);
      expect(fromApp.status, name).toBe(200);
      expect(fromApp.headers.get('content-type'), name).toBe(fromHost.headers.get('content-type'));
      await fromHost.arrayBuffer();
    }
    expect((await appHandler(new Request('app://counter/assets/file.woff2'))).headers.get('content-type')).toBe('font/woff2');
    expect((await appHandler(new Request('app://counter/assets/file.unknown'))).headers.get('content-type')).toBe('application/octet-stream');
  });
});

describe('one loopback test', () => {
  it('accepts this machine by name or address, in text or parsed, and nothing else', () => {
    for (const url of ['http://localhost:5173/', 'http://127.0.0.1:8080/x', 'http://[::1]:3000/', 'https://localhost']) {
      expect(isLoopback(url), url).toBe(true);
      expect(isLoopback(new URL(url)), url).toBe(true);
    }
    for (const url of ['http://127.0.0.2/', 'http://192.168.1.10/', 'http://localhost.example.com/', 'http://0.0.0.0/', 'https://gateway.example/']) {
      expect(isLoopback(url), url).toBe(false);
    }
    expect(() => isLoopback('not a url')).toThrow();
  });

  it("is the desktop app's dev-server guard", () => {
    expect(pageLocation('http://[::1]:5173/', false).dev).toBe(true);
    expect(pageLocation('http://192.168.1.10:5173/', false).dev).toBe(false);
  });
});

/** Every tracked-looking source file under these folders (no build output, no node_modules). */
function sourceFiles(...folders: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|html|mjs)$/.test(entry)) found.push(path.relative(projectRoot, full).split(path.sep).join('/'));
    }
  };
  for (const folder of folders) walk(path.join(projectRoot, folder));
  return found.sort();
}

function filesContaining(pattern: RegExp): string[] {
  return sourceFiles('main', 'shared', 'renderer', 'preload').filter((file) => pattern.test(readFileSync(path.join(projectRoot, file), 'utf8')));
}

describe('no second copy in the tree', () => {
  it('the CSP directives are written in main/web/csp.ts only (index.html is checked against it above)', () => {
    expect(filesContaining(/default-src/)).toEqual(['main/web/csp.ts', 'renderer/index.html']);
  });

  it('the content types are listed in main/web/content-types.ts only', () => {
    expect(filesContaining(/['"]font\/woff2['"]|['"]\.woff2['"]/)).toEqual(['main/web/content-types.ts']);
  });

  it('the loopback test is defined in main/net/loopback.ts only', () => {
    expect(filesContaining(/function\s+isLoopback|['"]\[::1\]['"]/)).toEqual(['main/net/loopback.ts']);
  });

  it('the WebSocket protocol constants are written in shared/host-protocol.ts only', () => {
    expect(filesContaining(/['"]counter\.v1['"]|['"]counter-token\.['"]|['"]counter-host-token['"]/)).toEqual(['shared/host-protocol.ts']);
  });
});
