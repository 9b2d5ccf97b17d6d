// main/app/lifecycle.ts against a mocked electron module: one instance, sandbox before ready, then
// settings -> runtime -> IPC -> window, and a quit that waits for the runtime to close.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_METHOD_PREFIX, methodNames, type PosApi } from '../../shared/contract';
import type { JournalClaim } from '../../main/journal/owner-lock';
import type { Runtime, RuntimeOptions } from '../../main/runtime/types';
import type { StartOptions } from '../../main/app/lifecycle';

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const order: string[] = [];

  class FakeWebContents extends EventEmitter {
    mainFrame = { url: 'app://counter/index.html', processId: 1, routingId: 1 };
    send = () => undefined;
    isDestroyed = () => false;
    setWindowOpenHandler() {}
  }
  class FakeBrowserWindow extends EventEmitter {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    loaded: string | undefined;
    focused = 0;
    constructor(readonly options: { webPreferences: { preload: string } }) {
      super();
      FakeBrowserWindow.created.push(this);
      order.push('window');
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    restore() {}
    show() {}
    focus() {
      this.focused += 1;
    }
  }

  class FakeApp extends EventEmitter {
    lock = true;
    isPackaged = true;
    quitCalls = 0;
    readyResolve: () => void = () => undefined;
    ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
    reset() {
      this.removeAllListeners();
      this.lock = true;
      this.isPackaged = true;
      this.quitCalls = 0;
      this.ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
    }
    enableSandbox = () => void order.push('enableSandbox');
    requestSingleInstanceLock = () => this.lock;
    whenReady = () => {
      order.push('whenReady');
      return this.ready;
    };
    getPath = (name: string) => `/data/${name}`;
    getVersion = () => '1.2.3';
    getName = () => 'Counter';
    // like Electron: quit emits before-quit, and only quits if nobody prevented it
    quit = () => {
      this.quitCalls += 1;
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.emit('quit');
    };
  }

  const handlers = new Map<string, unknown>();
  const state = {
    app: new FakeApp(),
    order,
    handlers,
    FakeBrowserWindow,
    protocolHandlers: new Map<string, unknown>(),
    privileged: [] as unknown[],
    menuSet: 0,
    errors: [] as string[],
    stores: [] as Array<{ options: unknown; data: Map<string, unknown> }>,
    partitions: [] as Array<{ partition: string; options: unknown }>,
    gatewayFetches: [] as Array<{ input: string; init: Record<string, unknown> }>,
  };
  const session = {
    webRequest: { onHeadersReceived: () => undefined },
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined,
    protocol: { handle: (scheme: string, handler: unknown) => void state.protocolHandlers.set(scheme, handler) },
  };
  const module = {
    app: state.app,
    BrowserWindow: FakeBrowserWindow,
    session: {
      defaultSession: session,
      fromPartition: (partition: string, options: unknown) => {
        state.partitions.push({ partition, options });
        return {
          fetch: async (input: string, init: Record<string, unknown>) => {
            state.gatewayFetches.push({ input, init });
            return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
          },
        };
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        order.push('registerSchemes');
        state.privileged.push(...schemes);
      },
    },
    ipcMain: {
      handle: (channel: string, handler: unknown) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: () => void (state.menuSet += 1),
    },
    dialog: { showErrorBox: (_title: string, message: string) => void state.errors.push(message) },
  };
  const reset = () => {
    state.app.reset();
    order.length = 0;
    handlers.clear();
    state.protocolHandlers.clear();
    state.privileged.length = 0;
    state.menuSet = 0;
    state.errors.length = 0;
    state.stores.length = 0;
    state.partitions.length = 0;
    state.gatewayFetches.length = 0;
    FakeBrowserWindow.created.length = 0;
  };
  return { state, module, reset };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));
vi.mock('electron-store', () => ({
  default: class {
    data = new Map<string, unknown>();
    constructor(options: unknown) {
      electron.state.stores.push({ options, data: this.data });
    }
    get(key: string) {
      return this.data.get(key);
    }
    set(key: string, value: unknown) {
      this.data.set(key, value);
    }
  },
}));

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeRuntime() {
  const closed = { count: 0, release: () => undefined as void };
  const runtime: Runtime = {
    api: {} as PosApi,
    reportCsv: async () => ({ filename: 'day.csv', content: '' }),
    onEvent: () => () => undefined,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    close: () =>
      new Promise<void>((resolve) => {
        closed.count += 1;
        closed.release = resolve;
      }),
  };
  return { runtime, closed };
}

const claims: string[] = [];
const claimRecorded = (dataDir: string) => {
  claims.push(`claim ${dataDir}`);
  return { owner: { pid: 1, host: 'electron' as const, hostname: 'till', started: '2026-12-02T09:00:00.000Z' }, release: () => void claims.push('release') };
};

async function start(
  createRuntime: (options: RuntimeOptions) => Promise<Runtime>,
  claimJournal: (dataDir: string) => JournalClaim = claimRecorded,
  // a function is called after the fresh import, so that classes it makes are the ones lifecycle sees
  extra: Partial<StartOptions> | (() => Promise<Partial<StartOptions>>) = {},
) {
  vi.resetModules();
  const { startApp } = await import('../../main/app/lifecycle');
  const more = typeof extra === 'function' ? await extra() : extra;
  startApp({ createRuntime, claimJournal, preloadPath: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer', devServerUrl: 'http://localhost:5173/', ...more });
}

beforeEach(() => {
  electron.reset();
  claims.length = 0;
});

describe('startApp', () => {
  it('a second instance leaves at once, without starting anything', async () => {
    electron.state.app.lock = false;
    const createRuntime = vi.fn();
    await start(createRuntime);
    expect(electron.state.app.quitCalls).toBe(1);
    expect(electron.state.order).toEqual(['enableSandbox', 'registerSchemes']);
    electron.state.app.readyResolve();
    await flush();
    expect(createRuntime).not.toHaveBeenCalled();
    expect(electron.state.FakeBrowserWindow.created).toHaveLength(0);
  });

  it('turns the sandbox on and registers app:// before ready, then builds runtime, IPC and the window', async () => {
    const { runtime } = fakeRuntime();
    const createRuntime = vi.fn(async (_options: RuntimeOptions) => runtime);
    await start(createRuntime);
    expect(electron.state.order).toEqual(['enableSandbox', 'registerSchemes', 'whenReady']);
    expect(electron.state.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(createRuntime).not.toHaveBeenCalled();

    electron.state.app.readyResolve();
    await flush();

    expect(createRuntime).toHaveBeenCalledTimes(1);
    const options = createRuntime.mock.calls[0]![0];
    expect(options).toMatchObject({ dataDir: '/data/userData', host: 'electron', version: '1.2.3' });
    // gateway calls go through net.fetch on a session of their own: no cookies, no cache
    expect(electron.state.partitions).toEqual([{ partition: 'gateways', options: { cache: false } }]);
    const answer = await options.transport!.send({ method: 'POST', url: 'https://gateway.example/pay', body: '{}', timeoutMs: 1_000 });
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(electron.state.gatewayFetches).toHaveLength(1);
    expect(electron.state.gatewayFetches[0]).toMatchObject({ input: 'https://gateway.example/pay', init: { method: 'POST', redirect: 'manual', credentials: 'omit', cache: 'no-store' } });
    expect(electron.state.stores).toEqual([{ options: { cwd: '/data/userData', name: 'settings' }, data: expect.any(Map) }]);
    options.settings.set('settings', { language: 'en' });
    expect(options.settings.get('settings')).toEqual({ language: 'en' });

    expect([...electron.state.handlers.keys()].sort()).toEqual(methodNames.map((name) => IPC_METHOD_PREFIX + name).sort());
    expect(electron.state.protocolHandlers.has('app')).toBe(true);
    expect(electron.state.menuSet).toBe(1);
    const [window] = electron.state.FakeBrowserWindow.created;
    // packaged: the dev server URL is ignored, the built files are served on app://
    expect(window?.loaded).toBe('app://counter/index.html');
    expect(window?.options.webPreferences.preload).toBe('/app/out/preload/index.cjs');
    expect(electron.state.order.indexOf('window')).toBeGreaterThan(electron.state.order.indexOf('whenReady'));

    electron.state.app.emit('second-instance');
    expect(window?.focused).toBe(1);
  });

  it('quitting waits for the runtime to close, then quits for real', async () => {
    const { runtime, closed } = fakeRuntime();
    await start(async () => runtime);
    electron.state.app.readyResolve();
    await flush();
    const quit = vi.fn();
    electron.state.app.on('quit', quit);

    electron.state.app.quit();
    await flush();
    expect(closed.count).toBe(1);
    expect(quit).not.toHaveBeenCalled();
    expect(electron.state.handlers.size).toBe(0); // no calls reach a closing runtime

    electron.state.app.quit(); // asked again while closing: still one close
    await flush();
    expect(closed.count).toBe(1);

    expect(claims).toEqual(['claim /data/userData']); // held while the runtime closes
    closed.release();
    await flush();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(claims).toEqual(['claim /data/userData', 'release']);
  });

  it('a journal owned by the browser host: one dialog naming it, in both languages, and no runtime', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const owner = { pid: 4242, host: 'browser' as const, hostname: 'till-3', started: '2026-12-02T09:15:00.000Z' };
    const createRuntime = vi.fn();
    await start(createRuntime, () => {
      throw refusal; // claimed on ready, after the line below
    });
    // the class as the freshly imported lifecycle sees it
    const { JournalOwnedError } = await import('../../main/journal/owner-lock');
    const refusal = new JournalOwnedError(owner, '/data/userData/journal.owner.json');
    const quit = vi.fn();
    electron.state.app.on('quit', quit);
    electron.state.app.readyResolve();
    await flush();
    await flush();
    expect(createRuntime).not.toHaveBeenCalled();
    expect(electron.state.errors).toHaveLength(1);
    const [text] = electron.state.errors;
    expect(text).toContain('Counter is already running on this journal: the browser host (process 4242 on till-3, since 2026-12-02 09:15 UTC)');
    expect(text).toContain('浏览器主机（till-3 上的进程 4242');
    expect(text).not.toMatch(/\n\s+at /); // no stack trace
    expect(quit).toHaveBeenCalledTimes(1);
    expect(quiet).not.toHaveBeenCalled();
    quiet.mockRestore();
  });

  it('a runtime that cannot start is reported and the app quits', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await start(async () => {
      throw new Error('journal is locked');
    });
    const quit = vi.fn();
    electron.state.app.on('quit', quit);
    electron.state.app.readyResolve();
    await flush();
    await flush();
    expect(electron.state.errors).toEqual(['journal is locked']);
    expect(quit).toHaveBeenCalledTimes(1);
    expect(electron.state.FakeBrowserWindow.created).toHaveLength(0);
    quiet.mockRestore();
  });

  describe('a native module that cannot be used: one sentence in English and Chinese, no stack trace, no runtime', () => {
    async function startFailing(extra: Partial<StartOptions> | (() => Promise<Partial<StartOptions>>), createRuntime = vi.fn()) {
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      await start(createRuntime, claimRecorded, extra);
      const quit = vi.fn();
      electron.state.app.on('quit', quit);
      electron.state.app.readyResolve();
      await flush();
      await flush();
      quiet.mockRestore();
      expect(quit).toHaveBeenCalledTimes(1);
      expect(electron.state.FakeBrowserWindow.created).toHaveLength(0);
      expect(electron.state.errors).toHaveLength(1);
      const [text] = electron.state.errors;
      expect(text).not.toMatch(/\n\s+at /);
      return text ?? '';
    }

    it('a build found not to fit this Electron before start', async () => {
      const createRuntime = vi.fn();
      const text = await startFailing(async () => {
        const { NativeModuleError } = await import('../../main/native/native-failure');
        return { nativeProblem: new NativeModuleError('better-sqlite3', 'not_built') };
      }, createRuntime);
      expect(createRuntime).not.toHaveBeenCalled();
      expect(claims).toEqual([]);
      expect(text).toBe(
        'Counter cannot start: its payment journal module (better-sqlite3) is not built for this version of Electron; run npm start again from the project folder (it builds what is missing), or reinstall Counter.\n\n' +
          'Counter 无法启动：其交易日志模块（better-sqlite3）不是为此版本的 Electron 构建的；请在项目文件夹中重新运行 npm start（它会构建缺少的部分），或重新安装 Counter。',
      );
    });

    it('the journal failing to load better-sqlite3 while the runtime starts', async () => {
      const text = await startFailing({}, vi.fn(async () => {
        throw Object.assign(
          new Error("The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 137. This version of Node.js requires NODE_MODULE_VERSION 150."),
          { code: 'ERR_DLOPEN_FAILED' },
        );
      }));
      expect(text).toMatch(/^Counter cannot start: its payment journal module \(better-sqlite3\) could not be loaded; /);
      expect(text).not.toContain('NODE_MODULE_VERSION');
    });
  });
});
