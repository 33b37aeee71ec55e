// Local stand-in for the parts of Supabase's Storage API our code and tests use, served by the
// local gateway (functions-server.ts) at /storage/v1 on the API port, for machines without Docker:
// - POST|PUT /storage/v1/object/<bucket>/<path>  upload (supabase-js `upload`, `x-upsert` header):
//   the bucket's size and MIME limits are checked first, then the object row is inserted as the
//   caller (role + request.jwt.claims, like the real API), so our storage policies decide;
// - DELETE /storage/v1/object/<bucket> {prefixes}  remove (supabase-js `remove`): rows deleted as the
//   caller with storage.allow_delete_query = 'true', as the real API sets it; answers the removed
//   objects.
// Differences (docs/local-development.md): no bytes are kept (only the object rows), no download,
// listing, signed URLs or image transformations.
import postgres from 'postgres';
import { type Claims, verifyAccessToken } from '../functions/_shared/jwt.ts';

const sql = postgres(Deno.env.get('SUPABASE_DB_URL') ?? '', { max: 4, prepare: false, onnotice: () => {} });

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const storageError = (status: number, error: string, message: string) =>
  json({ statusCode: String(status), error, message }, status);

async function callerClaims(req: Request): Promise<Claims | null> {
  const token = req.headers.get('Authorization')?.replace(/^Bearer\s+/i, '').trim();
  if (!token) return null;
  try {
    return await verifyAccessToken(token);
  } catch {
    return null;
  }
}

function asCaller<T>(claims: Claims, work: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('role', ${claims.role ?? 'anon'}, true),
                    set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                    set_config('storage.allow_delete_query', 'true', true)`;
    return await work(tx);
  }) as Promise<T>;
}

function mimeAllowed(mime: string, allowed: string[] | null): boolean {
  if (!allowed || allowed.length === 0) return true;
  return allowed.some((pattern) => pattern === mime || (pattern.endsWith('/*') && mime.startsWith(pattern.slice(0, -1))));
}

export async function handleStorage(req: Request, path: string): Promise<Response> {
  const claims = await callerClaims(req);
  if (!claims) return storageError(400, 'Invalid JWT', 'invalid signature or missing token');
  const upload = /^\/object\/([^/]+)\/(.+)$/.exec(path);
  if (upload && (req.method === 'POST' || req.method === 'PUT')) {
    const [, bucketId, name] = upload.map(decodeURIComponent);
    const bytes = new Uint8Array(await req.arrayBuffer());
    const mime = req.headers.get('content-type')?.split(';')[0].trim() || 'application/octet-stream';
    const [bucket] = await sql`select file_size_limit, allowed_mime_types from storage.buckets where id = ${bucketId}`;
    if (!bucket) return storageError(404, 'Bucket not found', 'Bucket not found');
    if (bucket.file_size_limit !== null && bytes.length > Number(bucket.file_size_limit)) {
      return storageError(413, 'Payload too large', 'The object exceeded the maximum allowed size');
    }
    if (!mimeAllowed(mime, bucket.allowed_mime_types)) {
      return storageError(415, 'invalid_mime_type', `mime type ${mime} is not supported`);
    }
    const upsert = req.method === 'PUT' || req.headers.get('x-upsert') === 'true';
    const metadata = { size: bytes.length, mimetype: mime, eTag: `"${crypto.randomUUID()}"`, cacheControl: 'max-age=3600' };
    try {
      const [row] = await asCaller(claims, (tx) =>
        upsert
          ? tx`insert into storage.objects (bucket_id, name, owner_id, metadata)
               values (${bucketId}, ${name}, ${claims.sub ?? null}, ${tx.json(metadata)})
               on conflict (bucket_id, name) do update set metadata = excluded.metadata, owner_id = excluded.owner_id
               returning id`
          : tx`insert into storage.objects (bucket_id, name, owner_id, metadata)
               values (${bucketId}, ${name}, ${claims.sub ?? null}, ${tx.json(metadata)}) returning id`
      );
      return json({ Id: row.id, Key: `${bucketId}/${name}` });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '42501') return storageError(403, 'Unauthorized', 'new row violates row-level security policy');
      if (code === '23505') return storageError(409, 'Duplicate', 'The resource already exists');
      return storageError(400, 'Invalid request', (error as Error).message);
    }
  }
  const remove = /^\/object\/([^/]+)\/?$/.exec(path);
  if (remove && req.method === 'DELETE') {
    const bucketId = decodeURIComponent(remove[1]);
    const body = await req.json().catch(() => null) as { prefixes?: unknown } | null;
    if (!Array.isArray(body?.prefixes) || !body.prefixes.every((p) => typeof p === 'string')) {
      return storageError(400, 'Invalid request', 'body must have a prefixes array of strings');
    }
    const removed = await asCaller(claims, (tx) =>
      tx`delete from storage.objects where bucket_id = ${bucketId} and name = any(${body.prefixes as string[]})
         returning id, bucket_id, name, owner_id, metadata, created_at, updated_at, last_accessed_at`
    );
    return json(removed);
  }
  return storageError(404, 'not_found', 'The Docker-free stand-in serves object upload and remove only.');
}
