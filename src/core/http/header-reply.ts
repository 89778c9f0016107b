/**
 * The response as a route or an interceptor sets a header on it: `header(name, value)` is both
 * Express's response and Fastify's reply, so the library's HTTP pieces serve a host on either.
 */
export interface HeaderReply {
  header(name: string, value: string): unknown;
}
