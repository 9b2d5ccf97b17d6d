// How a section of the contract describes one method: what the renderer sends, what the api
// receives once the input is checked (defaults filled in), and what comes back.
export interface Method<Input, Output, Parsed = Input> {
  input: Input;
  parsed: Parsed;
  output: Output;
}

export type Empty = Record<string, never>;
export interface Ok {
  ok: true;
}
