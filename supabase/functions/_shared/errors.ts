// One error shape for every edge function: { "error": { "code", "message", "fields"? } } with an
// HTTP status. SQL functions refuse with SQLSTATE `PT<status>` and a machine-readable code as the
// message (docs/conventions.md), so the database and the functions speak the same codes.

/** A refusal the caller can act on: its status, machine-readable code and a sentence. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

type PostgresError = { code?: string; message?: string; detail?: string; constraint_name?: string };

const byState: Record<string, [number, string, string]> = {
  '23505': [409, 'conflict', 'That already exists.'],
  '23503': [409, 'invalid_reference', 'A referenced row does not exist or is still in use.'],
  '23514': [400, 'constraint_violation', 'A value breaks a rule of the data.'],
  '23502': [400, 'constraint_violation', 'A required value is missing.'],
  '22P02': [400, 'invalid_input', 'A value has the wrong format.'],
  '22001': [400, 'invalid_input', 'A value is too long.'],
  '22023': [400, 'invalid_input', 'A parameter has a wrong value.'],
  '42501': [403, 'forbidden', 'You are not allowed to do this.'],
  '57014': [503, 'timeout', 'The database took too long; try again.'],
  '40001': [409, 'conflict', 'A concurrent change won; try again.'],
  '40P01': [409, 'conflict', 'A concurrent change won; try again.'],
};

/** Maps any thrown value to an HttpError; unknown errors become a 500 without internals. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const pg = error as PostgresError;
  if (typeof pg?.code === 'string') {
    const custom = /^PT(\d{3})$/.exec(pg.code);
    if (custom) return new HttpError(Number(custom[1]), pg.message ?? 'error', pg.detail ?? pg.message ?? '');
    const known = byState[pg.code];
    if (known) {
      const detail = pg.constraint_name ? `${known[2]} (${pg.constraint_name})` : known[2];
      return new HttpError(known[0], known[1], detail);
    }
    if (pg.code === 'ECONNREFUSED' || pg.code === 'CONNECTION_CLOSED' || pg.code === 'CONNECT_TIMEOUT') {
      return new HttpError(503, 'database_unavailable', 'The database cannot be reached right now.');
    }
  }
  console.error(error);
  return new HttpError(500, 'internal_error', 'Something went wrong on our side.');
}
