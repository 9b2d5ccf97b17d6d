// Every status-history detail core can write has a translation: this reads main/'s sources, finds the
// texts written as `detail: ...` / `detail = ...` (and the reasons core itself puts after "not
// confirmed:"), and runs each through the back office's historyDetailText. A new detail written
// without a translation fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXED_DETAILS, FIXED_REASONS, fixedDetailKey, historyDetailText } from '../../renderer/components/backoffice/historyDetail';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'main');
const CJK = /[\u4e00-\u9fff]/;
/** A gateway's code: historyDetailText shows it as it is, in every language. */
const CODE = /^[A-Z0-9][A-Z0-9_.-]*$/;

interface Source {
  file: string;
  text: string;
}

function sources(dir: string): Source[] {
  const out: Source[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') });
  }
  return out;
}

/** A string in the source: fixed text, or a template's chunks and the code of its placeholders. */
type Literal = { kind: 'fixed'; text: string } | { kind: 'template'; chunks: string[]; holes: string[] };

function readQuoted(src: string, start: number): { text: string; end: number } {
  const quote = src[start];
  let text = '';
  let i = start + 1;
  while (i < src.length && src[i] !== quote) {
    if (src[i] === '\\') {
      text += src[i + 1] ?? '';
      i += 2;
    } else {
      text += src[i];
      i += 1;
    }
  }
  return { text, end: i + 1 };
}

/** Reads a template literal at src[start] === '`'; a placeholder's code (nested strings and all) is one hole. */
function readTemplate(src: string, start: number): { chunks: string[]; holes: string[]; end: number } {
  const chunks: string[] = [];
  const holes: string[] = [];
  let chunk = '';
  let i = start + 1;
  while (i < src.length && src[i] !== '`') {
    if (src[i] === '\\') {
      chunk += src[i + 1] ?? '';
      i += 2;
    } else if (src[i] === '$' && src[i + 1] === '{') {
      const end = skipExpression(src, i + 2, '}');
      holes.push(src.slice(i + 2, end));
      chunks.push(chunk);
      chunk = '';
      i = end + 1;
    } else {
      chunk += src[i];
      i += 1;
    }
  }
  chunks.push(chunk);
  return { chunks, holes, end: i + 1 };
}

/** The index of the closing character at depth 0 (strings and templates skipped). */
function skipExpression(src: string, start: number, close: string): number {
  let depth = 0;
  let i = start;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === "'" || c === '"') i = readQuoted(src, i).end;
    else if (c === '`') i = readTemplate(src, i).end;
    else if (depth === 0 && c === close) return i;
    else {
      if ('([{'.includes(c)) depth += 1;
      if (')]}'.includes(c)) depth -= 1;
      i += 1;
    }
  }
  return i;
}

/** A literal compared with (answer.state === 'waiting' ? ...) is a condition, not a text written. */
function compared(src: string, start: number, end: number): boolean {
  return /[!=]==?\s*$/.test(src.slice(Math.max(0, start - 5), start)) || /^\s*[!=]==?/.test(src.slice(end, end + 5));
}

/** The string literals of the expression starting at src[start], up to its end (, ; ) } or a new line at depth 0). */
function literalsOfExpression(src: string, start: number): Literal[] {
  const found: Literal[] = [];
  let depth = 0;
  let i = start;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (depth === 0 && ',;)}]\n'.includes(c)) break;
    if (c === "'" || c === '"') {
      const read = readQuoted(src, i);
      if (!compared(src, i, read.end)) found.push({ kind: 'fixed', text: read.text });
      i = read.end;
    } else if (c === '`') {
      const read = readTemplate(src, i);
      if (!compared(src, i, read.end)) found.push(read.holes.length === 0 ? { kind: 'fixed', text: read.chunks.join('') } : { kind: 'template', chunks: read.chunks, holes: read.holes });
      i = read.end;
    } else {
      if ('([{'.includes(c)) depth += 1;
      if (')]}'.includes(c)) depth -= 1;
      i += 1;
    }
  }
  return found;
}

/** A file's `const NAME = '...'` constants, which a template's placeholder may name (REFERENCE_PREFIX). */
function constants(src: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of src.matchAll(/\bconst ([A-Z][A-Z0-9_]*) = '([^'\\]*)';/g)) out.set(match[1] ?? '', match[2] ?? '');
  return out;
}

interface Written {
  where: string;
  literal: Literal;
  consts: Map<string, string>;
}

function lineOf(src: string, index: number): number {
  return src.slice(0, index).split('\n').length;
}

function writtenAt(files: Source[], pattern: RegExp): Written[] {
  const out: Written[] = [];
  for (const { file, text } of files) {
    const consts = constants(text);
    for (const match of text.matchAll(pattern)) {
      const start = (match.index ?? 0) + match[0].length;
      for (const literal of literalsOfExpression(text, start)) out.push({ where: `${file}:${lineOf(text, match.index ?? 0)}`, literal, consts });
    }
  }
  return out;
}

/** A template as a sample text: file constants filled in, every other placeholder a marker (sample1, sample2...). */
function sample(written: Written): { text: string; markers: string[]; fixedChunks: string[] } {
  if (written.literal.kind !== 'template') throw new Error('not a template');
  const { chunks, holes } = written.literal;
  const markers: string[] = [];
  const fixedChunks: string[] = [];
  let text = chunks[0] ?? '';
  fixedChunks.push(chunks[0] ?? '');
  holes.forEach((hole, index) => {
    const constant = written.consts.get(hole.trim());
    if (constant !== undefined) {
      text += constant;
      fixedChunks.push(constant);
    } else {
      const marker = `sample${markers.length + 1}`;
      markers.push(marker);
      text += marker;
    }
    text += chunks[index + 1] ?? '';
    fixedChunks.push(chunks[index + 1] ?? '');
  });
  return { text, markers, fixedChunks: fixedChunks.flatMap((chunk) => chunk.split(/[:=;]/)).map((chunk) => chunk.trim()).filter((chunk) => chunk.length > 2) };
}

const all = sources(MAIN);
// Gateway clients use `detail` only for a connection test's answer ({ ok: true, detail }), never for a history.
const gatewayFiles = all.filter((s) => s.file.startsWith('main/gateways/'));
const coreFiles = all.filter((s) => !s.file.startsWith('main/gateways/'));
// `detail: x` in an object (not `detail?:` in a type) and `detail = x` (not `==`).
const details = writtenAt(coreFiles, /\bdetail:\s*|\bdetail\s*=(?![=>])\s*/g);
// The reasons core itself writes into an unknown outcome, and the QR flow's last reason.
const reasons = writtenAt(
  all.filter((s) => s.file.startsWith('main/core/')),
  /\b(?:state|outcome): 'unknown',\s*reason:\s*|\blastReason\s*=(?![=>])\s*/g,
);

const fixedDetails = details.filter((d) => d.literal.kind === 'fixed');
const templateDetails = details.filter((d) => d.literal.kind === 'template');

describe('status-history details core writes (read from main/)', () => {
  it('finds the details where they are written', () => {
    const texts = fixedDetails.map((d) => (d.literal.kind === 'fixed' ? d.literal.text : ''));
    // the reader still works: details of the journal, the payment flows and refunds are found
    expect(texts).toEqual(expect.arrayContaining(['written ahead', 'QR code issued', 'cashier stopped waiting', 'refunded', 'closed at the gateway']));
    expect(templateDetails.map((d) => sample(d).text)).toEqual(
      expect.arrayContaining(['not confirmed: sample1', 'QR code not confirmed: sample1', 'answer not confirmed: sample1', 'paid after the payment was sample1', 'reference sample1=sample2']),
    );
    expect(reasons.length).toBeGreaterThan(0);
  });

  it('has a translation in both languages for every fixed detail', () => {
    for (const { where, literal } of fixedDetails) {
      if (literal.kind !== 'fixed') continue;
      if (CODE.test(literal.text)) continue; // a code is shown as it is
      const key = fixedDetailKey(literal.text);
      expect(key, `${where}: "${literal.text}" is not in FIXED_DETAILS (renderer/components/backoffice/historyDetail.ts)`).toBeDefined();
      if (key === undefined) continue;
      expect(en.backoffice.historyDetail[key].trim(), `${where}: en ${key}`).not.toBe('');
      expect(zhCN.backoffice.historyDetail[key], `${where}: zh-CN ${key}`).toMatch(CJK);
      expect(historyDetailText(literal.text, 'en'), where).toBe(en.backoffice.historyDetail[key]);
      expect(historyDetailText(literal.text, 'zh-CN'), where).toBe(zhCN.backoffice.historyDetail[key]);
    }
  });

  it('translates every detail with a variable part around the variable, which stays as written', () => {
    for (const written of templateDetails) {
      const { text, markers, fixedChunks } = sample(written);
      const chinese = historyDetailText(text, 'zh-CN');
      const english = historyDetailText(text, 'en');
      expect(chinese, `${written.where}: "${text}" has no zh-CN translation`).toMatch(CJK);
      for (const chunk of fixedChunks) expect(chinese, `${written.where}: "${chunk}" left in English`).not.toContain(chunk);
      for (const marker of markers) {
        expect(chinese, `${written.where}: the variable part is lost`).toContain(marker);
        expect(english, `${written.where}: the variable part is lost`).toContain(marker);
      }
    }
  });

  it('translates the reasons core itself writes after "not confirmed:"', () => {
    for (const written of reasons) {
      const { literal, where } = written;
      if (literal.kind === 'fixed') {
        expect(Object.hasOwn(FIXED_REASONS, literal.text), `${where}: reason "${literal.text}" is not in FIXED_REASONS`).toBe(true);
        expect(historyDetailText(`not confirmed: ${literal.text}`, 'zh-CN'), where).not.toContain(literal.text);
        continue;
      }
      const { text, markers, fixedChunks } = sample(written);
      const chinese = historyDetailText(`not confirmed: ${text}`, 'zh-CN');
      for (const chunk of fixedChunks) expect(chinese, `${where}: reason "${text}" left in English`).not.toContain(chunk);
      for (const marker of markers) expect(chinese, where).toContain(marker);
    }
  });

  it('translates the answer states a quick-pay answer can leave unconfirmed ("answer not confirmed: waiting")', () => {
    const ports = readFileSync(join(MAIN, 'core', 'ports.ts'), 'utf8');
    const union = /export type GatewayPaymentState =([\s\S]*?);\n/.exec(ports)?.[1] ?? '';
    const states = [...union.matchAll(/state: '(\w+)'/g)].map((m) => m[1] ?? '');
    expect(states).toContain('waiting');
    // paid, declined and closed settle the payment; unknown comes with its reason
    for (const state of states.filter((s) => !['paid', 'declined', 'closed', 'unknown'].includes(s))) {
      expect(Object.hasOwn(FIXED_REASONS, state), state).toBe(true);
      expect(historyDetailText(`answer not confirmed: ${state}`, 'zh-CN')).not.toContain(state);
    }
  });

  it('finds no history detail in the gateway clients (their `detail` is a connection test answer)', () => {
    for (const { file, text } of gatewayFiles) {
      for (const match of text.matchAll(/\bdetail:/g)) {
        const before = text.slice(Math.max(0, (match.index ?? 0) - 20), match.index);
        expect(before, `${file}:${lineOf(text, match.index ?? 0)}`).toMatch(/ok: true,\s*$/);
      }
    }
  });

  it('lists in FIXED_DETAILS only keys that both languages have', () => {
    for (const [stored, key] of Object.entries(FIXED_DETAILS)) {
      expect(en.backoffice.historyDetail[key], stored).toBeTruthy();
      expect(zhCN.backoffice.historyDetail[key], stored).toMatch(CJK);
    }
  });
});
