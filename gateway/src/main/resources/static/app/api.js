// The one way the UI talks to the API: same-origin calls through the gateway, with the session cookie and, on
// state-changing calls, the CSRF token the gateway put in the XSRF-TOKEN cookie. Failures become an ApiError
// carrying the problem+json (RFC 9457) the services send, so every view can show a clear message.

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A failed API call: HTTP status plus the problem's title, detail, type and per-field errors, and the seconds the
 * server asked to wait before trying again (Retry-After), if it said.
 */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    const fallback = fallbackProblem(status);
    const title = problem.title || fallback.title;
    const detail = problem.detail || fallback.detail;
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = problem.type || '';
    this.fieldErrors = Array.isArray(problem.errors) ? problem.errors.filter(e => e && e.field) : [];
    this.retryAfter = retryAfter;
  }

  /** The last path segment of the problem type, e.g. "slot-taken". */
  get slug() {
    return this.type ? this.type.substring(this.type.lastIndexOf('/') + 1) : '';
  }

  /** The endpoint does not exist (yet) or the service behind it is down: show a calm "not available" note. */
  get unavailable() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504
      || (this.status === 404 && !this.type);
  }
}

function fallbackProblem(status) {
  switch (status) {
    case 0:
      return { title: 'No connection', detail: 'The server could not be reached. Check your connection and try again.' };
    case 400: return { title: 'Invalid request', detail: 'Please check the form and try again.' };
    case 401: return { title: 'Signed out', detail: 'Your session has ended. Please sign in again.' };
    case 403: return { title: 'Not allowed', detail: 'Your account may not do this.' };
    case 404: return { title: 'Not found', detail: 'This is not available (yet).' };
    case 409: return { title: 'Conflict', detail: 'This changed in the meantime. Reload and try again.' };
    case 413: return { title: 'Too large', detail: 'The file is larger than the server accepts.' };
    case 429: return { title: 'Too many requests', detail: 'Please wait a moment and try again.' };
    case 502: case 503: case 504:
      return { title: 'Service unavailable',
        detail: 'This part of MedLedger is not available right now. Try again in a minute.' };
    default: return { title: `Error ${status}`, detail: 'Something went wrong on our side. Try again later.' };
  }
}

/** The CSRF token from the XSRF-TOKEN cookie, or null before the gateway has issued one. */
export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') {
      return decodeURIComponent(value.join('='));
    }
  }
  return null;
}

/** Retry-After in seconds; null when absent or given as a date (the API sends seconds). */
function retryAfterSeconds(response) {
  const value = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

async function readProblem(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return {};
    }
  }
  return {};
}

/**
 * Calls the API. `body` may be a plain object (sent as JSON), FormData, or absent. Resolves to the parsed JSON
 * answer (null for an empty one), or to the Response itself when `raw` is set; rejects with an ApiError.
 */
export async function api(path, { method = 'GET', body, headers = {}, raw = false, signal } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers }, signal };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  if (UNSAFE.has(method)) {
    const token = csrfToken();
    if (token) {
      init.headers['X-XSRF-TOKEN'] = token;
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0);
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/identity/me') {
      window.dispatchEvent(new Event('medledger:signed-out'));
    }
    throw new ApiError(response.status, await readProblem(response), retryAfterSeconds(response));
  }
  if (raw) {
    return response;
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, options) => api(path, options);
export const post = (path, body, options = {}) => api(path, { ...options, method: 'POST', body });
export const del = (path, options = {}) => api(path, { ...options, method: 'DELETE' });

/** The entries of a list answer, whether the API sent a bare array or a page ({items} or {content}). */
export function items(answer) {
  if (Array.isArray(answer)) {
    return answer;
  }
  if (answer && typeof answer === 'object') {
    return answer.items || answer.content || answer.results || [];
  }
  return [];
}

/** Builds a query string from the given values, leaving out empty ones. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, value);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Uploads FormData with XMLHttpRequest, which (unlike fetch) reports upload progress. `onProgress(loaded, total)`
 * is called as bytes leave the browser. Returns {promise, abort}.
 */
export function upload(path, formData, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    const token = csrfToken();
    if (token) {
      xhr.setRequestHeader('X-XSRF-TOKEN', token);
    }
    xhr.upload.addEventListener('progress', e => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    xhr.addEventListener('load', () => {
      let answer = {};
      try {
        answer = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        answer = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(answer);
      } else {
        reject(new ApiError(xhr.status, answer));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0)));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
    xhr.send(formData);
  });
  return { promise, abort: () => xhr.abort() };
}
