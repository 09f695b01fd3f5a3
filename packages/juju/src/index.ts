/**
 * A small library for Juju charms in TypeScript: the dispatch context, one typed function per
 * hook tool, a Pebble client, and the plumbing that routes a dispatch to a charm's handlers.
 * The test harness lives in `@hlp/juju/testing`.
 */
export * from './charm';
export * from './context';
export * from './hook-tools';
export { type JsonObject, type JsonValue } from './json';
export * from './pebble';
