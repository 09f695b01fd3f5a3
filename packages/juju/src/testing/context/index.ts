export * from './context';
export * from './memory-pebble';
export * from './state';
