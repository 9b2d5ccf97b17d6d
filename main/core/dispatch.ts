// The one entry point both transports (Electron IPC, the browser host's WebSocket) call: it validates
// the input against the contract, runs the method, validates the output and turns any failure into
// a serialisable PosErrorData. Invalid input never reaches the api, so it changes nothing.
import type { MethodName, PosApi, PosResult } from '../../shared/contract';
import { contract } from '../../shared/contract/schemas';
import { PosError } from '../../shared/errors';

export type DispatchResult = PosResult<unknown>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export interface DispatchLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A method name fit for a message, whatever was sent: String() throws on {toString: "x"} or a null prototype. */
function describeMethod(method: unknown): string {
  if (typeof method === 'string') return JSON.stringify(method.slice(0, 40));
  if (method === null) return 'null';
  return `(${Array.isArray(method) ? 'array' : typeof method})`;
}

/** The contract's check of the input; undefined when the input itself throws while read (a hostile getter or proxy). */
function parseInput(method: MethodName, rawInput: unknown) {
  try {
    return contract[method].input.safeParse(rawInput ?? {});
  } catch {
    return undefined;
  }
}

export async function dispatch(api: PosApi, method: unknown, rawInput: unknown, log?: DispatchLogger): Promise<DispatchResult> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'invalid_input', message: `unknown method ${describeMethod(method)}` } };
  }
  const parsed = parseInput(method, rawInput);
  if (parsed === undefined) return { ok: false, error: { code: 'invalid_input', message: `${method}: the input cannot be read` } };
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: { code: 'invalid_input', message: `${method}: ${where}${issue?.message ?? 'invalid input'}` } };
  }
  try {
    const call = api[method] as (input: unknown) => Promise<unknown>;
    const value = await call(parsed.data);
    return { ok: true, value: contract[method].output.parse(value) };
  } catch (error) {
    if (error instanceof PosError) return { ok: false, error: error.toData() };
    log?.error('unexpected error in method', { method, error: error instanceof Error ? error.message : String(error) });
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside Counter.' } };
  }
}
