// JSON over fetch for the staff pages (agent console, reports dashboard).

/** JSON over fetch; throws an Error with the server's message (or a network message) on failure. */
export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch {
    throw Object.assign(new Error('Cannot reach the server. Check your connection and try again.'), { status: 0 });
  }
  const text = await response.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch { data = {}; }
  if (!response.ok) {
    const message = data?.error?.message ?? `The server answered ${response.status}.`;
    throw Object.assign(new Error(message), { status: response.status, code: data?.error?.code });
  }
  return data;
}
