import { z } from 'zod';

// Field schemas worded as the Python service (DRF) words its 400s, so that people and scripts
// used to it recognise them.

export const REQUIRED = 'This field is required.';
const BLANK = 'This field may not be blank.';
const NULL = 'This field may not be null.';
const NOT_A_STRING = 'Not a valid string.';

/** A message for a value of the wrong type: absent, null, or anything else. */
export function typeProblem(
  other: string | ((input: unknown) => string),
): (issue: { input?: unknown }) => string {
  return ({ input }) =>
    input === undefined
      ? REQUIRED
      : input === null
        ? NULL
        : typeof other === 'string'
          ? other
          : other(input);
}

/** A request body of these fields, as JSON or a form; no body at all reads as no fields. */
export function body<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(
    (input) => input ?? {},
    z.object(shape, { error: 'the request body must be a JSON object or a form' }),
  );
}

/** A text field; blank (only spaces) is refused unless `allowBlank`. */
export function text(options: { readonly allowBlank?: boolean; readonly maxLength?: number } = {}) {
  let schema = z.string({ error: typeProblem(NOT_A_STRING) });
  if (!options.allowBlank) schema = schema.refine((value) => value.trim() !== '', BLANK);
  if (options.maxLength !== undefined) {
    schema = schema.max(options.maxLength, {
      error: `Ensure this field has no more than ${options.maxLength} characters.`,
    });
  }
  return schema;
}

const ID_TEXT = /^[1-9]\d{0,9}$/;
const MAX_ID = 2_147_483_647;

/** A positive integer id written as text (a route, a form); anything else is `message`. */
function idText(message?: string) {
  return z
    .string()
    .regex(ID_TEXT, message)
    .transform(Number)
    .pipe(z.int().min(1, message).max(MAX_ID, message));
}

/** A route's id. Anything but a positive integer names nothing (Django's router answers 404). */
export const routeId = idText();

/** The id in a route or form, or undefined when the text cannot be one. */
export function parseRouteId(value: string): number | undefined {
  return routeId.safeParse(value).data;
}

/** A reference to another object: its id as a number, or as digits (forms send text). */
export function reference() {
  const expected = (received: string) => `Incorrect type. Expected pk value, received ${received}.`;
  return z.union(
    [
      z.int().min(1, expected('number')).max(MAX_ID, expected('number')),
      idText(expected('string')),
    ],
    {
      error: typeProblem((input) => expected(Array.isArray(input) ? 'list' : typeof input)),
    },
  );
}

/** A query parameter as Django's `query_params.get` reads it: the last value given, if text. */
export function queryText(description: string) {
  return z
    .preprocess(
      (value) => (Array.isArray(value) ? (value as unknown[]).at(-1) : value),
      z.string().optional().catch(undefined),
    )
    .describe(description);
}

/** An admin page's form field as text; a repeated or missing field reads as empty. */
export const formText = z.string().catch('');

/** An admin page's search box (`?q=`): trimmed, at most `maxLength` characters. */
export function searchQuery(maxLength: number) {
  return z.object({ q: formText.transform((q) => q.trim().slice(0, maxLength)) });
}
