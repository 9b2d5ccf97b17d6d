export { REDACTED, isBuyerCodeKey, isSecretKey, maskBuyerCode, redact, redactFields, redactString } from './redact';
export { LOG_LEVELS, buildRecord, levelEnabled, toJsonLine, type LogLevel, type LogRecord } from './record';
export { DEFAULT_LOG_MAX_BYTES, DEFAULT_LOG_MAX_FILES, createFileLogger, type FileLogger, type FileLoggerOptions } from './file-logger';
export { createConsoleLogger, teeLogger, type ConsoleLoggerOptions } from './console-logger';
