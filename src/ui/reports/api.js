// JSON over fetch for the dashboard; throws an Error carrying the server's message and status.
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
    throw Object.assign(new Error('Cannot reach the server.'), { status: 0 });
  }
  const text = await response.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch { data = {}; }
  if (!response.ok) throw Object.assign(new Error(data?.error?.message ?? `The server answered ${response.status}.`), { status: response.status });
  return data;
}
