// Malformed requests for both transports: the frames a client may throw at the browser host's
// WebSocket, and the inputs (what IPC carries) that no contract method accepts. Each must be
// answered with a typed invalid_input and reach no api method.
import { MAX_MESSAGE_BYTES, type RequestId } from '../../main/host/protocol';

export interface MalformedFrame {
  what: string;
  text: string;
  /** the id the answer must carry: null when the frame's own id cannot be read */
  id: RequestId | null;
}

/** Inputs no method takes, keyed by the method they are sent to. */
export const malformedInputs: ReadonlyArray<{ what: string; method: string; input: unknown }> = [
  { what: 'a string for an object', method: 'getAppInfo', input: 'x' },
  { what: 'a number for an object', method: 'getAppInfo', input: 5 },
  { what: 'an array for an object', method: 'getAppInfo', input: [] },
  { what: 'a boolean for an object', method: 'getAppInfo', input: true },
  { what: 'an unknown key', method: 'getAppInfo', input: { extra: 1 } },
  { what: 'no input where one is needed', method: 'getPayment', input: null },
  { what: 'a number for a string', method: 'getPayment', input: { outTradeNo: 123 } },
  { what: 'an object with toString for a string', method: 'getPayment', input: { outTradeNo: { toString: 'T001-ABCDEF' } } },
  { what: 'an array for a string', method: 'getPayment', input: { outTradeNo: ['T001-ABCDEF'] } },
  { what: 'a string for an amount', method: 'startQrPayment', input: { amountMinor: '100', currency: 'CNY' } },
  { what: 'a fraction for an amount', method: 'startQrPayment', input: { amountMinor: 12.5, currency: 'CNY' } },
  { what: 'a huge array', method: 'getAppInfo', input: new Array(20_000).fill(0) },
  { what: 'a deep nest', method: 'getPayment', input: { outTradeNo: JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`) as unknown } },
  { what: '__proto__ holding the field', method: 'getPayment', input: JSON.parse('{"__proto__": {"outTradeNo": "T001-ABCDEF"}}') as unknown },
  { what: '__proto__ beside a valid field', method: 'setLanguage', input: JSON.parse('{"language": "en", "__proto__": {"polluted": true}}') as unknown },
  { what: 'constructor.prototype', method: 'getAppInfo', input: JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown },
];

const call = (id: RequestId, method: unknown, input?: unknown) => JSON.stringify(input === undefined ? { id, method } : { id, method, input });

export function malformedFrames(): MalformedFrame[] {
  const frames: MalformedFrame[] = [
    ...['', '{', '{ this is not json', 'undefined', "{'id': 1}", 'null', '123', '"getAppInfo"', 'true', '[]', '{}', '[{"id":1,"method":"getAppInfo"}]'].map((text) => ({
      what: `not a request: ${text.slice(0, 30)}`,
      text,
      id: null,
    })),
    ...[null, {}, [1], true, 1.5, 1e300, -0.5, 'i'.repeat(65)].map((id) => ({ what: `an id of ${JSON.stringify(id).slice(0, 20)}`, text: JSON.stringify({ id, method: 'getAppInfo' }), id: null })),
    { what: 'an id only in __proto__', text: '{"__proto__": {"id": 5}, "method": "getAppInfo"}', id: null },
  ];
  let id = 100;
  const methods: unknown[] = [
    { toString: 'getAppInfo' },
    { valueOf: 'getAppInfo' },
    ['getAppInfo'],
    42,
    null,
    true,
    '',
    'GETAPPINFO',
    'getAppInfo ',
    'deleteEverything',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
    'm'.repeat(10_000),
  ];
  for (const method of methods) frames.push({ what: `method ${JSON.stringify(method).slice(0, 30)}`, text: call(++id, method, {}), id });
  frames.push({ what: 'no method', text: JSON.stringify({ id: ++id, input: {} }), id });
  for (const bad of malformedInputs) frames.push({ what: `input: ${bad.what}`, text: call(++id, bad.method, bad.input), id });
  frames.push({ what: 'a frame just under the size limit', text: call(++id, 'getAppInfo', { pad: 'x'.repeat(MAX_MESSAGE_BYTES - 200) }), id });
  return frames;
}
