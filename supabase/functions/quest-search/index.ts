// POST /functions/v1/quest-search: catalogue search for the app, open to visitors.
// Called as `supabase.functions.invoke('quest-search', { body })` with the anon key or a user's
// token (verify_jwt = false; getCaller: anon / publishable key / no token → anon, an invalid JWT →
// 401). The body is validated here field by field (400 invalid_body with each field and reason);
// the search itself is public.search_quests run as the caller (asCaller), so RLS decides what is
// visible. The cursor is opaque to the app: base64url of the last item's sort keys.
import { base64url } from 'jose';
import { z } from 'zod';
import { getCaller } from '../_shared/auth.ts';
import { asCaller } from '../_shared/db.ts';
import { HttpError } from '../_shared/errors.ts';
import { handle, invalidFields, json, readBody } from '../_shared/http.ts';

const sorts = ['relevance', 'distance', 'rating', 'newest', 'popular'] as const;
type Sort = typeof sorts[number];

const between = (min: number, max: number, what = 'a number') =>
  z.number({ error: `must be ${what} between ${min} and ${max}` })
    .min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`);
const whole = (min: number, max: number) => between(min, max, 'a whole number').int('must be a whole number');

const body = z.strictObject({
  q: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  lat: between(-90, 90).optional(),
  lng: between(-180, 180).optional(),
  radius_m: whole(1, 100000).optional(),
  city: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters').optional(),
  category_id: z.uuid('must be a uuid').optional(),
  vehicle_id: z.uuid('must be a uuid').optional(),
  activity_ids: z.array(z.uuid('must be a uuid'), { error: 'must be an array of uuids' })
    .max(20, 'at most 20 activities').optional(),
  difficulty_from: whole(1, 5).optional(),
  difficulty_to: whole(1, 5).optional(),
  duration_from: whole(0, 10080).optional(),
  duration_to: whole(0, 10080).optional(),
  price_from: whole(0, 1000000).optional(),
  price_to: whole(0, 1000000).optional(),
  free_only: z.boolean({ error: 'must be true or false' }).default(false),
  min_rating: between(1, 5).optional(),
  sort: z.enum(sorts, { error: `must be one of ${sorts.join(', ')}` }).optional(),
  cursor: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_-]{1,1000}$/, 'is not a cursor of this search').optional(),
  limit: whole(1, 50).default(20),
}, { error: 'must be a JSON object' }).superRefine((b, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if ((b.lat === undefined) !== (b.lng === undefined)) issue(b.lat === undefined ? 'lat' : 'lng', 'lat and lng go together');
  if (b.radius_m !== undefined && b.lat === undefined) issue('radius_m', 'needs lat and lng');
  for (const range of ['difficulty', 'duration', 'price'] as const) {
    const from = b[`${range}_from`];
    const to = b[`${range}_to`];
    if (from !== undefined && to !== undefined && from > to) issue(`${range}_to`, `must not be less than ${range}_from`);
  }
  if (b.sort === 'relevance' && b.q === undefined) issue('sort', 'relevance needs q');
  if (b.sort === 'distance' && b.lat === undefined) issue('sort', 'distance needs lat and lng');
});

// What search_quests puts in a cursor (and needs back): the sort keys of the last item.
const cursorShape = z.object({
  sort: z.enum(sorts),
  id: z.uuid(),
  value: z.union([z.number(), z.string()]),
  count: z.number().int().optional(),
  fuzzy: z.boolean().optional(),
});

/** The cursor's JSON text, checked to belong to a search with this sort; else a 400 on `cursor`. */
function decodeCursor(cursor: string, sort: Sort): string {
  const refuse = (message: string) =>
    invalidFields([{ path: 'cursor', message }]);
  let text: string;
  let parsed: z.infer<typeof cursorShape>;
  try {
    text = new TextDecoder().decode(base64url.decode(cursor));
    parsed = cursorShape.parse(JSON.parse(text));
  } catch {
    throw refuse('is not a cursor of this search');
  }
  if (parsed.sort !== sort) throw refuse(`belongs to a search sorted by ${parsed.sort}, not ${sort}`);
  return text;
}

/** search_quests' own refusal (PT400 invalid_parameter, hint = the parameter) as a 400 on the body field. */
function refusedParameter(error: { code?: string; message?: string; hint?: string; detail?: string }): HttpError | null {
  if (error?.code !== 'PT400' || error.message !== 'invalid_parameter' || !error.hint) return null;
  const path = error.hint === 'after' ? 'cursor' : error.hint === 'page_size' ? 'limit' : error.hint;
  const reason = (error.detail ?? '').replace(/^[a-z_]+: /, '');
  return invalidFields([{ path, message: reason }]);
}

type Row = Record<string, unknown> & { cursor_text: string; rating_avg: string };

Deno.serve(handle(async (req) => {
  if (req.method !== 'POST') throw new HttpError('method_not_allowed');
  const caller = await getCaller(req);
  const b = await readBody(req, body);
  const sort: Sort = b.sort ?? (b.q !== undefined ? 'relevance' : b.lat !== undefined ? 'distance' : 'popular');
  const after = b.cursor === undefined ? null : decodeCursor(b.cursor, sort);
  const activities = b.activity_ids?.length ? `{${b.activity_ids.join(',')}}` : null;

  const rows = await asCaller(caller, (tx) =>
    tx<Row[]>`
      select s.id, s.slug, s.title, s.summary, s.cover_path, s.city, s.place_id, s.category_id, s.vehicle_id,
             s.activity_ids, s.difficulty, s.duration_min, s.distance_m, s.min_age, s.price_credits, s.access,
             s.rating_avg, s.rating_count, s.favourites_count, s.published_at, s.start_lat, s.start_lng,
             s.distance_to_start_m, s.relevance, s.is_favourite, s.has_access, s.cursor::text as cursor_text
      from public.search_quests(
        q => ${b.q ?? null}::text, lat => ${b.lat ?? null}::float8, lng => ${b.lng ?? null}::float8,
        radius_m => ${b.radius_m ?? null}::integer, city => ${b.city ?? null}::text,
        category_id => ${b.category_id ?? null}::uuid, vehicle_id => ${b.vehicle_id ?? null}::uuid,
        activity_ids => ${activities}::uuid[],
        difficulty_from => ${b.difficulty_from ?? null}::integer, difficulty_to => ${b.difficulty_to ?? null}::integer,
        duration_from => ${b.duration_from ?? null}::integer, duration_to => ${b.duration_to ?? null}::integer,
        price_from => ${b.price_from ?? null}::integer, price_to => ${b.price_to ?? null}::integer,
        free_only => ${b.free_only}::boolean, min_rating => ${b.min_rating ?? null}::numeric,
        sort => ${sort}::public.quest_sort, after => ${after}::text::jsonb, page_size => ${b.limit}::integer) s`
  ).catch((error) => {
    throw refusedParameter(error) ?? error;
  });

  const items = rows.map(({ cursor_text: _, rating_avg, ...item }) => ({ ...item, rating_avg: Number(rating_avg) }));
  const last = rows.at(-1);
  return json({
    items,
    sort,
    next_cursor: rows.length === b.limit && last ? base64url.encode(last.cursor_text) : null,
  });
}));
