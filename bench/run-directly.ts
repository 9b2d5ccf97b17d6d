// Whether a bench module is the script node was started with (rather than imported by bench/index).
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export function runDirectly(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return moduleUrl === pathToFileURL(fs.realpathSync(entry)).href;
  } catch {
    return false;
  }
}
