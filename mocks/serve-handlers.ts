import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getResponse, type RequestHandler } from 'msw';

/**
 * Serves msw handlers over real HTTP, so the sandbox and end-to-end tests talk to the very
 * handlers vitest uses in-process. Unmatched requests get a 404 in the vendors' JSON style.
 */
export async function serveHandlers(handlers: () => RequestHandler[], port = 0, host = '127.0.0.1'): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => void handle(req, res, handlers()));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://${host}:${actualPort}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Answers one request from the handlers; never rejects. A URL the routers cannot decode (a
 * malformed percent-encoding) is a 400, as the vendors' front ends answer; any other throw is a
 * 500 naming the error, so no request can take the process down.
 */
export async function handle(req: IncomingMessage, res: ServerResponse, handlers: RequestHandler[], baseOverride?: string): Promise<void> {
  try {
    await answer(req, res, handlers, baseOverride);
  } catch (err) {
    const malformed = err instanceof URIError || (err instanceof TypeError && /invalid url/i.test(err.message));
    if (res.headersSent) return void res.destroy();
    res.statusCode = malformed ? 400 : 500;
    res.setHeader('content-type', 'application/json');
    const message = malformed ? 'The request URL is not valid (malformed percent-encoding).' : err instanceof Error ? err.message : String(err);
    res.end(JSON.stringify({ code: malformed ? 'BadRequest' : 'SimulatorError', message }));
  }
}

async function answer(req: IncomingMessage, res: ServerResponse, handlers: RequestHandler[], baseOverride?: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const base = baseOverride ?? `http://${req.headers.host ?? '127.0.0.1'}`;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
    else if (v !== undefined) headers.set(k, v);
  }
  const method = req.method ?? 'GET';
  const request = new Request(new URL(req.url ?? '/', base), {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : body,
  });
  const response = await getResponse(handlers, request);
  if (!response) {
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ code: 'NotFound', message: `No simulator route for ${method} ${req.url}` }));
    return;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}
