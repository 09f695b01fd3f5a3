import { Injectable, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { AppError } from './app-error';

/** How a shape words its 400: from the message of each offending field (first problem each). */
export type ProblemsMessage = (fields: Readonly<Record<string, string>>) => string;

/** The Python service's (DRF) wording: `invalid username, email: <message> <message>`. */
export const listProblems: ProblemsMessage = (fields) =>
  `invalid ${Object.keys(fields).join(', ')}: ${Object.values(fields).join(' ')}`;

/**
 * Parses input with its schema; a failure is the one 400 every route answers: `invalid_input`,
 * with the message of each offending field in `fields`. A problem with the input as a whole (not
 * an object, two modes mixed) is the message alone.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  message: ProblemsMessage = listProblems,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const whole = result.error.issues.find((issue) => issue.path.length === 0);
  if (whole) throw new AppError('invalid_input', whole.message);
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[String(issue.path[0])] ??= issue.message;
  throw new AppError('invalid_input', message(fields), { fields });
}

/** `@Body(new SchemaPipe(schema))`, `@Query(new SchemaPipe(schema))`: the input, parsed. */
@Injectable()
export class SchemaPipe<Schema extends z.ZodType> implements PipeTransform<
  unknown,
  z.output<Schema>
> {
  constructor(
    private readonly schema: Schema,
    private readonly message: ProblemsMessage = listProblems,
  ) {}

  transform(input: unknown): z.output<Schema> {
    return parseInput(this.schema, input, this.message);
  }
}

/** Error types the name, network and account rules throw; their message is the field's. */
type RuleError = new (...args: never[]) => Error;

/**
 * A schema step from one of the rule functions shared with the CLI and the services (domain
 * names, networks, usernames, passwords): what it returns is the value; what it throws, one of
 * `errors`, is the field's message (an AppError's own per-field message when it has one).
 */
export function byRule<In, Out>(
  rule: (value: In) => Out,
  ...errors: readonly RuleError[]
): (value: In, context: z.RefinementCtx) => Out {
  return (value, context) => {
    try {
      return rule(value);
    } catch (error) {
      if (!errors.some((type) => error instanceof type)) throw error;
      const fields = error instanceof AppError ? error.details.fields : undefined;
      const message = fields ? Object.values(fields)[0] : (error as Error).message;
      context.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    }
  };
}
