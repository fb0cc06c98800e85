import { describe, expect, it } from 'vitest';
import { openApiPaths } from '../helpers/openapi-paths.js';

/** The account register's routes (issue 13 point 1) are in the OpenAPI document like the rest of the API. */
describe('OpenAPI: the account register', () => {
  const paths = openApiPaths();
  const entry = '/api/orgs/{slug}/register/{platform}/{name}';
  const operations = [
    ['get', '/api/orgs/{slug}/register'],
    ['post', '/api/orgs/{slug}/register'],
    ['get', '/api/orgs/{slug}/register/export'],
    ['get', entry],
    ['post', `${entry}/change`],
    ['post', `${entry}/closure`],
    ['post', `${entry}/running`],
    ['post', `${entry}/offline`],
    ['post', `${entry}/close`],
  ] as const;

  it.each(operations)('documents %s %s with a Chinese summary and its answers', (method, path) => {
    const operation = paths[path]?.[method];
    expect(operation?.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403', '404']));
  });

  it('takes the request bodies from the schemas the routes validate with', () => {
    const schemaOf = (path: string) =>
      paths[path]?.post?.requestBody?.content['application/json'].schema.properties ?? {};
    expect(Object.keys(schemaOf('/api/orgs/{slug}/register')).sort()).toEqual([
      'details',
      'name',
      'platform',
      'reason',
    ]);
    expect(Object.keys(schemaOf(`${entry}/closure`)).sort()).toEqual(['announcement', 'reason']);
    expect(Object.keys(schemaOf(`${entry}/offline`))).toEqual(['days']);
  });
});
