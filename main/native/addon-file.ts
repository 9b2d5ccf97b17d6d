// What a native addon file (.node) was built for, read from the file itself: Node-API addons export
// `napi_register_module_v1` and load in any runtime whose Node-API version is high enough;
// ABI-specific addons export `node_register_module_v<ABI>` and load only in a runtime with that
// NODE_MODULE_VERSION (Node 24 is 137, Electron 45 is 150).
import fs from 'node:fs';

export type AddonKind =
  | { kind: 'napi'; /** the lowest Node-API version this file can load under */ napiVersion: number }
  | { kind: 'abi'; abi: number }
  | { kind: 'unknown' };

/**
 * The Node-API version that introduced each function an addon may import; an addon needs the highest
 * version among the functions it imports. Functions of version 1 to 2 are not listed (every runtime
 * that loads Node-API at all has them).
 */
const NAPI_INTRODUCED: Readonly<Record<string, number>> = {
  napi_add_env_cleanup_hook: 3,
  napi_remove_env_cleanup_hook: 3,
  napi_open_callback_scope: 3,
  napi_close_callback_scope: 3,
  napi_fatal_exception: 3,
  napi_create_threadsafe_function: 4,
  napi_call_threadsafe_function: 4,
  napi_release_threadsafe_function: 4,
  napi_add_finalizer: 5,
  napi_create_date: 5,
  napi_is_date: 5,
  napi_get_date_value: 5,
  napi_create_bigint_int64: 6,
  napi_create_bigint_uint64: 6,
  napi_create_bigint_words: 6,
  napi_get_value_bigint_int64: 6,
  napi_get_value_bigint_uint64: 6,
  napi_get_value_bigint_words: 6,
  napi_get_all_property_names: 6,
  napi_set_instance_data: 6,
  napi_get_instance_data: 6,
  napi_detach_arraybuffer: 7,
  napi_is_detached_arraybuffer: 7,
  napi_type_tag_object: 8,
  napi_check_object_type_tag: 8,
  napi_object_freeze: 8,
  napi_object_seal: 8,
  napi_add_async_cleanup_hook: 8,
  napi_remove_async_cleanup_hook: 8,
  node_api_symbol_for: 9,
  node_api_create_syntax_error: 9,
  node_api_throw_syntax_error: 9,
  node_api_get_module_file_name: 9,
  node_api_create_external_string_latin1: 10,
  node_api_create_external_string_utf16: 10,
  node_api_create_property_key_latin1: 10,
  node_api_create_property_key_utf8: 10,
  node_api_create_property_key_utf16: 10,
};

const ABI_SYMBOL = /node_register_module_v(\d+)/;
const NAPI_SYMBOL = 'napi_register_module_v1';
const API_FUNCTION = /(?:napi|node_api)_[a-z0-9_]+/g;

/** Reads what `text` (an addon file's bytes as latin1) was built for. */
export function classifyAddon(text: string): AddonKind {
  const abi = ABI_SYMBOL.exec(text);
  // Node looks for the ABI-specific entry point first, so a file with both is ABI-specific.
  if (abi) return { kind: 'abi', abi: Number(abi[1]) };
  if (!text.includes(NAPI_SYMBOL)) return { kind: 'unknown' };
  let napiVersion = 1;
  for (const [name] of text.matchAll(API_FUNCTION)) {
    const introduced = NAPI_INTRODUCED[name];
    if (introduced !== undefined && introduced > napiVersion) napiVersion = introduced;
  }
  return { kind: 'napi', napiVersion };
}

export function readAddonKind(file: string): AddonKind {
  return classifyAddon(fs.readFileSync(file, 'latin1'));
}
