import { AppError } from '../common/app-error';

/** A request body as the API reads it: JSON object or form fields. */
export type Fields = Readonly<Record<string, unknown>>;

/** DRF's messages, so that people and scripts used to the Python service recognise them. */
export const REQUIRED = 'This field is required.';
export const BLANK = 'This field may not be blank.';
export const NOT_A_STRING = 'Not a valid string.';

/** The body as fields; an array or a scalar is refused (no body at all reads as no fields). */
export function readFields(body: unknown): Fields {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('invalid_input', 'the request body must be a JSON object or a form');
  }
  return body as Fields;
}

/**
 * Collects every field problem of one request, to answer them all at once as a 400 naming each
 * offending field.
 */
export class FieldErrors {
  private readonly errors: Record<string, string> = {};

  add(field: string, message: string): void {
    this.errors[field] ??= message;
  }

  has(field: string): boolean {
    return field in this.errors;
  }

  /** Runs a check that throws an AppError with fields; keeps its messages. */
  collect<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof AppError) || !error.details.fields) throw error;
      for (const [field, message] of Object.entries(error.details.fields)) this.add(field, message);
      return undefined;
    }
  }

  throwIfAny(): void {
    const fields = Object.keys(this.errors);
    if (fields.length === 0) return;
    throw new AppError(
      'invalid_input',
      `invalid ${fields.join(', ')}: ${fields.map((field) => this.errors[field]).join(' ')}`,
      { fields: { ...this.errors } },
    );
  }
}

export interface StringFieldOptions {
  readonly required?: boolean;
  readonly allowBlank?: boolean;
  readonly maxLength?: number;
}

/** A text field: absent → undefined (or an error when required). */
export function stringField(
  fields: Fields,
  name: string,
  errors: FieldErrors,
  options: StringFieldOptions = {},
): string | undefined {
  const value = fields[name];
  if (value === undefined) {
    if (options.required) errors.add(name, REQUIRED);
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.add(name, value === null ? 'This field may not be null.' : NOT_A_STRING);
    return undefined;
  }
  if (!options.allowBlank && value.trim() === '') {
    errors.add(name, BLANK);
    return undefined;
  }
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    errors.add(name, `Ensure this field has no more than ${options.maxLength} characters.`);
    return undefined;
  }
  return value;
}

/** A reference to another object by id: a number, or its digits (forms send text). */
export function idField(
  fields: Fields,
  name: string,
  errors: FieldErrors,
  options: { readonly required?: boolean } = {},
): number | undefined {
  const value = fields[name];
  if (value === undefined) {
    if (options.required) errors.add(name, REQUIRED);
    return undefined;
  }
  const id = parseId(typeof value === 'number' ? String(value) : value);
  if (id === undefined) {
    errors.add(
      name,
      value === null
        ? 'This field may not be null.'
        : `Incorrect type. Expected pk value, received ${Array.isArray(value) ? 'list' : typeof value}.`,
    );
  }
  return id;
}

/** A positive integer id from text; undefined for anything else (routes answer 404 then). */
export function parseId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : undefined;
}

/** Loose, as Django's EmailValidator is in practice: one @, no spaces, a dot after it. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254;
}
