// The credentials module: the vault port and its two implementations. See README.md.
export * from './vault';
export * from './keytar-vault';
export * from './memory-vault';
export * from './sealed-vault';
