/** An answer of the API other than 2xx, with the v2 error body's code and message. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && typeof body.message === 'string' ? body.message : `The server answered ${status}`);
    this.status = status;
    this.code = body && typeof body.code === 'string' ? body.code : undefined;
  }
}

/**
 * The admin API as the console calls it: same origin, the token as a bearer header (never in a URL
 * or a cookie: credentials are omitted), nothing cached. A 401 or 403 is handed to `onRefused`
 * before it is thrown: the console then forgets the token and everything it showed.
 */
export function createApi({ token, onRefused }) {
  async function call(method, path, body) {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${token()}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, { message: 'The server cannot be reached' });
    }
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const error = new ApiError(response.status, parsed);
      if (response.status === 401 || response.status === 403) onRefused(error);
      throw error;
    }
    return parsed;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}

export const segment = (value) => encodeURIComponent(String(value));
