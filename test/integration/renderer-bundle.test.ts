// The renderer and the preload carry no zod (the schemas stay in main: shared/contract/schemas/),
// and the renderer's bundle stays within its budget. Both are built here in memory with the
// project's own settings, as `npm run build:web` and electron-vite would build them.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Output = (Rollup.OutputChunk | Rollup.OutputAsset)[];

async function buildInMemory(config: Parameters<typeof build>[0]): Promise<Output> {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const result = await build({ logLevel: 'silent', mode: 'production', ...config }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((o) => ('output' in o ? o.output : []));
}

function bundledModules(output: Output): string[] {
  return output.flatMap((file) => (file.type === 'chunk' ? Object.keys(file.modules) : []));
}

function codeOf(output: Output): string[] {
  return output.map((file) => (file.type === 'chunk' ? file.code : String(file.source)));
}

/** What the page loads before the cashier screen shows (README, Performance: "Renderer bundle"). */
const START_BUDGET_GZIP_BYTES = 150_000;

const fromZod = (id: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(id);
// zod 4's own names, which survive minification (class names and error texts)
const ZOD_MARKERS = ['$ZodError', 'ZodError', '$constructor', 'jitless'];

function gzipped(text: string | Uint8Array): number {
  return gzipSync(text, { level: 9 }).length;
}

describe('the renderer bundle', () => {
  let output: Output;
  beforeAll(async () => {
    output = await buildInMemory({ configFile: path.join(root, 'renderer/vite.config.ts'), build: { write: false } });
  }, 120_000);

  it('contains no zod', () => {
    expect(bundledModules(output).length).toBeGreaterThan(10);
    expect(bundledModules(output).filter(fromZod)).toEqual([]);
    for (const code of codeOf(output)) for (const marker of ZOD_MARKERS) expect(code.includes(marker), marker).toBe(false);
  });

  it('loads the cashier screen with at most 150 KB gzipped; the back office is a chunk of its own, loaded later', () => {
    const backoffice = output.filter((file) => file.type === 'chunk' && file.facadeModuleId?.endsWith(path.join('renderer', 'app', 'BackofficeScreen.tsx')));
    expect(backoffice).toHaveLength(1);
    // everything else: the entry, the browser host's bridge, the styles
    const atStart = output.filter((file) => /\.(js|css)$/.test(file.fileName) && !backoffice.includes(file));
    const startBytes = atStart.reduce((sum, file) => sum + gzipped(file.type === 'chunk' ? file.code : file.source), 0);
    expect(startBytes).toBeLessThanOrEqual(START_BUDGET_GZIP_BYTES);
  });
});

describe('the preload bundle', () => {
  it('contains no zod', async () => {
    const output = await buildInMemory({
      configFile: false,
      root,
      build: {
        write: false,
        minify: false,
        lib: { entry: path.join(root, 'preload/index.ts'), formats: ['cjs'], fileName: 'index' },
        rollupOptions: { external: ['electron'] },
      },
    });
    expect(bundledModules(output).some((id) => id.endsWith(path.join('shared', 'contract.ts')))).toBe(true);
    expect(bundledModules(output).filter(fromZod)).toEqual([]);
    for (const code of codeOf(output)) expect(code.includes('zod')).toBe(false);
  }, 120_000);
});
