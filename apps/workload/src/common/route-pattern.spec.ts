import type { IncomingMessage } from 'node:http';
import { routePattern } from './route-pattern';

const routed = (path?: string) =>
  ({ route: path === undefined ? undefined : { path } }) as unknown as IncomingMessage;

describe('routePattern', () => {
  it('is the pattern of the route that answered', () => {
    expect(routePattern(routed('/api/v1/users/:id/'))).toBe('/api/v1/users/:id/');
  });

  it("is undefined before routing, and on the middleware's catch-all when no route matched", () => {
    expect(routePattern(routed())).toBeUndefined();
    expect(routePattern(routed('{/*splat}'))).toBeUndefined();
  });
});
