import { openApiDocument } from '../../src/http/openapi.js';

export type Operation = {
  summary?: string;
  requestBody?: { content: { 'application/json': { schema: { properties?: Record<string, unknown> } } } };
  responses: Record<string, unknown>;
};

/** The OpenAPI document's paths, typed as the tests read them. */
export function openApiPaths(): Record<string, Record<string, Operation>> {
  return openApiDocument().paths as Record<string, Record<string, Operation>>;
}
