export * from './change-error';
export * from './exec-error';
export * from './pebble-api-error';
export * from './pebble-connection-error';
export * from './pebble-error';
export * from './pebble-path-error';
export * from './pebble-timeout-error';
