// node-abi 4 ships no types; the one function used here.
declare module 'node-abi' {
  /** NODE_MODULE_VERSION of `target` (a version) for the runtime, as a decimal string; throws for an unknown target. */
  export function getAbi(target: string, runtime: 'node' | 'electron'): string;
}
