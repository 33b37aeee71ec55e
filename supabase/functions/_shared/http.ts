// Request and response plumbing shared by every edge function: CORS, JSON bodies validated with
// zod, and errors turned into the one error shape of errors.ts.
import { z } from 'zod';
import { HttpError, toHttpError } from './errors.ts';

export const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
};

/** A JSON response with CORS headers. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders, 'Content-Type': 'application/json' },
  });
}

/** The error response for anything thrown: known refusals keep their status and code. */
export function errorResponse(error: unknown): Response {
  const e = toHttpError(error);
  const params = Object.keys(e.params).length > 0 ? { params: e.params } : {};
  return json({ error: { code: e.code, message: e.message, ...params, ...(e.fields ? { fields: e.fields } : {}) } }, e.status);
}

/** Wraps a handler: answers CORS preflight, turns every thrown error into a clean JSON error. */
export function handle(handler: (req: Request) => Promise<Response>): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders });
    try {
      return await handler(req);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A 400 `invalid_body` error listing each field and what is wrong with it. */
export function invalidFields(fields: { path: string; message: string }[]): HttpError {
  return new HttpError('invalid_body', {}, undefined, fields);
}

/** Turns zod issues into the `fields` list of a 400 `invalid_body` error. */
export function invalidBody(error: z.ZodError): HttpError {
  return invalidFields(error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })));
}

/** The path of the first string (value or key) holding a NUL character, which Postgres text cannot store. */
function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? (path.join('.') || '(body)') : null;
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key].join('.');
      const found = nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Reads a JSON body and validates it; 400 `invalid_json` or `invalid_body` when it does not fit. */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    const text = await req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError('invalid_json');
  }
  const withNul = nulPath(body);
  if (withNul) throw invalidFields([{ path: withNul, message: 'must not contain NUL characters' }]);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}
