export { REDACTED, isBuyerCodeKey, isSecretKey, maskBuyerCode, redact, redactFields, redactString } from './redact';
export { LOG_LEVELS, buildRecord, levelEnabled, toJsonLine, type LogLevel, type LogRecord } from './record';
export { DEFAULT_LOG_MAX_BYTES, DEFAULT_LOG_MAX_FILES, createFileLogger, type FileLogger, type FileLoggerOptions } from './file-logger';
export { createConsoleLogger, teeLogger, type ConsoleLoggerOptions } from './console-logger';
export {
  DEFAULT_MAX_SECRETS,
  DEFAULT_SECRET_GRACE_MS,
  KnownSecrets,
  MIN_SECRET_LENGTH,
  processSecrets,
  resetProcessSecrets,
  type KnownSecretsOptions,
  type SecretRegistrar,
  type SecretScrubber,
} from './known-secrets';
export { rememberVaultSecrets } from './vault-secrets';
