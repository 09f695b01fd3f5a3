import { ActionFailedError, type JsonObject } from '@hlp/juju';

/** A required text parameter, trimmed. */
export function requiredText(params: JsonObject, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ActionFailedError(`the ${name} parameter is required`);
  }
  return value.trim();
}

/** An optional text parameter, trimmed; undefined when absent or blank. */
export function optionalText(params: JsonObject, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ActionFailedError(`the ${name} parameter must be text`);
  return value.trim() === '' ? undefined : value.trim();
}

/** An optional comma-separated list, as the Python charm took `domains` and `subdomains`. */
export function optionalList(params: JsonObject, name: string): string[] {
  const value = params[name];
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string') {
    throw new ActionFailedError(`the ${name} parameter must be a comma-separated list`);
  }
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** An optional boolean, false when absent (Juju fills in schema defaults; the fake does not). */
export function optionalFlag(params: JsonObject, name: string): boolean {
  const value = params[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') {
    throw new ActionFailedError(`the ${name} parameter must be true or false`);
  }
  return value;
}
