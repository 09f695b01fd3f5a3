import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiQuery, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = Exclude<
  NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string],
  { $ref: string }
>;

/**
 * The request and answer shapes the OpenAPI document names, under `#/components/schemas/<id>`.
 * Descriptions and examples go in `.meta()`, as for every other schema.
 */
export const apiSchemas = z.registry<{ id: string }>();

const TARGET = { target: 'openapi-3.0', unrepresentable: 'any' } as const;

/** What a client sends: for a schema that transforms, the document shows what it accepts. */
export function componentSchemas(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    ...TARGET,
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $id: _, ...rest } = schema;
      return [id, rest as SchemaObject];
    }),
  );
}

export function schemaRef(schema: z.ZodType): { $ref: string } {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error('the schema is not in the OpenAPI registry');
  return { $ref: `#/components/schemas/${meta.id}` };
}

export function schemaRefs(schema: z.ZodType): SchemaObject {
  return { type: 'array', items: schemaRef(schema) };
}

/** A schema written inline (a parameter): `io: 'output'` shows a route id as the integer it is. */
export function inlineSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { ...TARGET, io });
  return rest as SchemaObject;
}

/** Documents each field of a query schema as an optional query parameter. */
export function ApiQueryFrom(schema: z.ZodObject): MethodDecorator {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) =>
      ApiQuery({
        name,
        required: false,
        description: field.description,
        schema: inlineSchema(field),
      }),
    ),
  );
}

export const errorBody = z
  .object({
    error: z
      .string()
      .meta({ description: 'A stable code for programs.', example: 'invalid_input' }),
    message: z.string().meta({ example: 'invalid username: This field is required.' }),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .meta({
        description: 'For invalid input: a message per offending field.',
        example: { username: 'This field is required.' },
      }),
  })
  .meta({ description: 'Every error answer.' })
  .register(apiSchemas, { id: 'Error' });

/** An error answer's part of the document: `ApiNotFoundResponse(apiError('No user has this id.'))`. */
export function apiError(description: string): { schema: { $ref: string }; description: string } {
  return { schema: schemaRef(errorBody), description };
}

/** A request body read by `schema`, and the 400 when it does not fit. */
export function ApiInput(schema: z.ZodType, problems = 'Invalid fields.'): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: schemaRef(schema) }),
    ApiBadRequestResponse(apiError(problems)),
  );
}
