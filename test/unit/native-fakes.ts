// Fake native module folders and .node files for the build-selection tests: a .node file here is a
// few bytes holding the symbol names a real addon's export and import tables carry.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NativeRuntime } from '../../main/native/runtime';

export const NODE_24: NativeRuntime = { node: '24.22.3', modules: 137, napi: 10, platform: 'linux', arch: 'x64' };
export const ELECTRON_45: NativeRuntime = { node: '24.11.1', electron: '45.5.0', modules: 150, napi: 10, platform: 'linux', arch: 'x64' };

/** An N-API addon importing Node-API 8's type tags (like better-sqlite3's prebuild). */
export const NAPI_8_ADDON = 'ELF\0napi_register_module_v1\0napi_create_object\0napi_type_tag_object\0napi_wrap\0';
/** An N-API addon importing Node-API 10's external latin1 strings. */
export const NAPI_10_ADDON = 'ELF\0napi_register_module_v1\0node_api_create_external_string_latin1\0';
export const abiAddon = (abi: number): string => `ELF\0node_register_module_v${abi}\0uv_loop\0`;

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'counter-native-'));
}

export function writeFile(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, 'latin1');
  return file;
}

/** A module folder with a package.json and the given files (relative path -> contents). */
export function fakeModule(dir: string, version: string, files: Record<string, string>, extra: object = {}): string {
  writeFile(path.join(dir, 'package.json'), JSON.stringify({ version, ...extra }));
  for (const [relative, text] of Object.entries(files)) writeFile(path.join(dir, relative), text);
  return dir;
}
