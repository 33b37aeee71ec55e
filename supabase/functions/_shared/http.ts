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
  return json({ error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } }, e.status);
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

/** Turns zod issues into the `fields` list of a 400 `invalid_body` error. */
export function invalidBody(error: z.ZodError): HttpError {
  const fields = error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
  return new HttpError(400, 'invalid_body', 'The request body is not valid.', fields);
}

/** Reads a JSON body and validates it; 400 `invalid_json` or `invalid_body` when it does not fit. */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    const text = await req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}
