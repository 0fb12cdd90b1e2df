/** Public shapes of the OpenAPI conformance checker (see ../openapi-conformance.ts). */

export type SpecName = 'autotask' | 'halopsa';

export interface SpecOperation {
  method: string;
  pathTemplate: string;
  operationId?: string;
}

export interface OpenApiSpec {
  name: SpecName;
  version: 2 | 3;
  basePath: string;
  operations: SpecOperation[];
}

export type JsonSchema = Record<string, unknown>;

/** What the checker keeps per operation beyond the public fields. */
export interface OperationDetails {
  segments: TemplateSegment[];
  /** path parameter name -> 'integer' | 'number' | 'boolean' | 'string' */
  paramTypes: Record<string, string>;
  /** the JSON request body schema as written in the spec (a $ref or inline), if any */
  bodySchema?: JsonSchema;
  bodyRequired: boolean;
  /** the operation takes a non-JSON body (e.g. multipart), which is not validated */
  hasOtherBody: boolean;
}

/** One path segment of a spec template: a literal, a whole-segment `{param}`, or a mixed one like `{id}&{seq}`. */
export type TemplateSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'pattern'; regex: RegExp; names: string[] };
