// Order and refund numbers (docs/architecture.md, money and identifiers): 6-32 of [A-Za-z0-9_-], unique per merchant, and
// carrying the terminal id so two counters never collide. Shape: TTTT-yyMMddHHmmss-SSSSRRR
// (terminal, UTC second, a per-second sequence, and random characters against a restart within the
// same second).
import { randomInt } from 'node:crypto';
import type { Clock } from './ports';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SEQUENCE_WIDTH = 4;
const SEQUENCE_LIMIT = ALPHABET.length ** SEQUENCE_WIDTH;
const RANDOM_WIDTH = 3;

export const ORDER_NUMBER_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;
export const TERMINAL_ID_PATTERN = /^[A-Z0-9]{4}$/;

function base36(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    text = ALPHABET[rest % ALPHABET.length] + text;
    rest = Math.floor(rest / ALPHABET.length);
  }
  return text;
}

function randomChars(width: number): string {
  let text = '';
  for (let i = 0; i < width; i += 1) text += ALPHABET[randomInt(ALPHABET.length)];
  return text;
}

function utcSecondStamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
}

export function newTerminalId(): string {
  return randomChars(4);
}

export type OrderNumberFactory = () => string;

export function createOrderNumberFactory(terminalId: string, clock: Clock, kind: 'payment' | 'refund' = 'payment'): OrderNumberFactory {
  if (!TERMINAL_ID_PATTERN.test(terminalId)) throw new RangeError(`bad terminal id ${terminalId}`);
  const tag = kind === 'refund' ? 'R' : '';
  let lastStamp = '';
  let sequence = 0;
  return () => {
    let stamp = utcSecondStamp(clock.now());
    // A clock that steps back must not reuse a second already numbered.
    if (stamp < lastStamp) stamp = lastStamp;
    if (stamp === lastStamp) {
      sequence += 1;
      if (sequence >= SEQUENCE_LIMIT) throw new RangeError('more than 1.6 million numbers in one second');
    } else {
      lastStamp = stamp;
      sequence = 0;
    }
    return `${terminalId}${tag}-${stamp}-${base36(sequence, SEQUENCE_WIDTH)}${randomChars(RANDOM_WIDTH)}`;
  };
}
