// One pino root logger; each component takes a child with its `component` field.
import pino from 'pino';

export type Logger = pino.Logger;

export const rootLogger: Logger = pino({
  level: process.env.SVCNET_LOG_LEVEL ?? 'info',
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
});

export function componentLogger(component: string): Logger {
  return rootLogger.child({ component });
}
