// One error shape for every edge function: { "error": { "code", "message", "params"?, "fields"? } }
// with the HTTP status of the code. Codes, statuses and messages come from the one catalogue
// (private.error_codes, exported to error-codes.json by `npm run types`): SQL refuses with
// private.refuse(code, params) as SQLSTATE PT<status>, and a function refuses with the same codes
// through refuse(code, params). See docs/errors.md.
import catalogue from './error-codes.json' with { type: 'json' };

export type ErrorCode = keyof typeof catalogue;
type Params = Record<string, unknown>;

/** The English message of a code with its {params} filled in. */
function sentence(code: ErrorCode, params: Params): string {
  return catalogue[code].en.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** A refusal the caller can act on: a catalogued code, its status, params and a sentence. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Params = {},
    message?: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message ?? sentence(code, params));
    this.status = catalogue[code].status;
  }
}

/** Throw this: the catalogued error `code` with its params. */
export function refuse(code: ErrorCode, params: Params = {}): HttpError {
  return new HttpError(code, params);
}

type PostgresError = { code?: string; message?: string; detail?: string; hint?: string };

// Postgres errors that are not our own refusals: mapped by SQLSTATE (exact, then by class).
const byState: Record<string, ErrorCode> = {
  '23505': 'conflict',
  '23503': 'invalid_reference',
  '23514': 'constraint_violation',
  '23502': 'constraint_violation',
  '42501': 'forbidden',
  '57014': 'timeout',
  '40001': 'conflict',
  '40P01': 'conflict',
};
const byClass: Record<string, ErrorCode> = {
  '22': 'invalid_input', // bad input the database rejects: NUL bytes, out-of-range numbers and dates, bad formats
  '08': 'database_unavailable',
};
const connectionFailures = new Set(['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT']);

function paramsOf(hint: string | undefined): Params {
  try {
    const parsed = JSON.parse(hint ?? '');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Maps any thrown value to an HttpError; unknown errors become a 500 without internals. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const pg = error as PostgresError;
  if (typeof pg?.code === 'string') {
    if (/^PT\d{3}$/.test(pg.code) && pg.message && pg.message in catalogue) {
      return new HttpError(pg.message as ErrorCode, paramsOf(pg.hint), pg.detail || undefined);
    }
    const known = byState[pg.code] ?? byClass[pg.code.slice(0, 2)];
    if (known) return new HttpError(known);
    if (connectionFailures.has(pg.code)) return new HttpError('database_unavailable');
  }
  console.error(error);
  return new HttpError('internal_error');
}
