import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import { helmetHeaders } from './security-headers.js';

/** What helmet itself sets on a real response, by lower-case name. */
function setByHelmet(options: HelmetOptions): Record<string, unknown> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  response.setHeader('X-Powered-By', 'Express');
  helmet(options)(response.req, response, () => undefined);
  return { ...response.getHeaders() };
}

const nonce = () => "'nonce-abc'";

describe('helmetHeaders', () => {
  it.each<[string, HelmetOptions]>([
    ['the defaults', {}],
    [
      'the application’s options',
      { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } },
    ],
    ['headers switched off', { strictTransportSecurity: false, xFrameOptions: { action: 'deny' } }],
  ])('records what helmet sets on a response, with %s', (_name, options) => {
    expect(helmetHeaders(options)).toEqual(setByHelmet(options));
  });

  it('refuses a CSP directive that would be worked out per request', () => {
    expect(() =>
      helmetHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", nonce] } } }),
    ).toThrow(/per-request function/);
  });
});
