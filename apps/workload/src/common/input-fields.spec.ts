import { AppError } from './app-error';
import { body, parseRouteId, queryText, reference, text } from './input-fields';
import { parseInput } from './request-input';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseInput with the Python service’s field messages', () => {
  const shape = body({ name: text({ maxLength: 5 }), note: text({ allowBlank: true }).optional() });

  it('names each offending field once, with its first problem', () => {
    const error = refusal(() => parseInput(shape, { name: '   ', note: 7 }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'invalid name, note: This field may not be blank. Not a valid string.',
    );
    expect(error.details.fields).toEqual({
      name: 'This field may not be blank.',
      note: 'Not a valid string.',
    });
  });

  it.each([
    [{}, 'This field is required.'],
    [{ name: null }, 'This field may not be null.'],
    [{ name: 'longer' }, 'Ensure this field has no more than 5 characters.'],
  ])('refuses %j', (input, message) => {
    expect(refusal(() => parseInput(shape, input)).details.fields).toEqual({ name: message });
  });

  it('reads no body as no fields, and refuses a body that is not an object', () => {
    expect(refusal(() => parseInput(shape, undefined)).details.fields).toEqual({
      name: 'This field is required.',
    });
    const error = refusal(() => parseInput(shape, [1]));
    expect(error.message).toBe('the request body must be a JSON object or a form');
    expect(error.details.fields).toBeUndefined();
  });
});

describe('reference', () => {
  const shape = body({ user: reference() });
  it.each([
    [3, 3],
    ['3', 3],
  ])('reads %j as %j', (input, id) => {
    expect(parseInput(shape, { user: input })).toEqual({ user: id });
  });

  it.each([
    ['x', 'received string'],
    [0, 'received number'],
    [5.5, 'received number'],
    [[1], 'received list'],
    [true, 'received boolean'],
    [null, 'This field may not be null.'],
  ])('refuses %j', (input, message) => {
    expect(refusal(() => parseInput(shape, { user: input })).details.fields?.user).toContain(
      message,
    );
  });
});

describe('parseRouteId', () => {
  it.each([
    ['1', 1],
    ['2147483647', 2147483647],
    ['2147483648', undefined],
    ['01', undefined],
    ['0', undefined],
    ['1e3', undefined],
    [' 1', undefined],
  ])('reads %j as %j', (input, id) => {
    expect(parseRouteId(input)).toBe(id);
  });
});

describe('queryText', () => {
  const query = body({ name: queryText('a name') });
  it.each([
    [undefined, undefined],
    ['a', 'a'],
    [['a', 'b'], 'b'],
    [['a', 5], undefined],
    [{}, undefined],
  ])('reads %j as %j, as Django’s query_params.get', (input, value) => {
    expect(parseInput(query, { name: input }).name).toBe(value);
  });
});
