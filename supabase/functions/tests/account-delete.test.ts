// HTTP tests of `account-delete`: a user deletes their own account, also one whose wallet moved,
// who bought and who acted as staff (the append-only ledger and audit log keep their rows without
// naming them); avatar files are removed through the Storage API or stay queued when it cannot be
// reached (Docker-free mode has only the Storage stand-in); every refusal has its status and code.
// The whole deletion policy is proven in supabase/tests/database/accounts_deletion.test.sql.
import { assert, assertEquals } from './assert.ts';
import { closeStack, createUser, db, signIn, stack } from '../../../tests/helpers/stack.ts';

const url = `${stack.functionsUrl}/account-delete`;
const call = (token: string | null, method = 'POST') =>
  fetch(url, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });

Deno.test('a user deletes their own account: auth user, profile, roles and wallet are gone', async () => {
  const user = await createUser({ username: `del_${crypto.randomUUID().slice(0, 8)}` });
  await db`insert into public.user_roles (user_id, role) values (${user.id}, 'moderator')`;
  await db`insert into storage.objects (bucket_id, name, owner_id) values ('avatars', ${`${user.id}/avatar.png`}, ${user.id})`;

  const response = await call(user.token);
  assertEquals(response.status, 200);
  const body = await response.json();
  assertEquals(body.deleted, true);
  assertEquals(body.files_removed + body.files_pending, 1, 'the one avatar file is removed or queued');

  const [left] = await db`
    select (select count(*) from auth.users where id = ${user.id})::int as users,
           (select count(*) from public.profiles where id = ${user.id})::int as profiles,
           (select count(*) from public.user_roles where user_id = ${user.id})::int as roles,
           (select count(*) from public.wallets where user_id = ${user.id})::int as wallets`;
  assertEquals(left, { users: 0, profiles: 0, roles: 0, wallets: 0 });
  if (body.files_pending === 1) {
    const pending = await db`
      select name from private.pending_storage_deletions where bucket_id = 'avatars' and name = ${`${user.id}/avatar.png`}`;
    assertEquals(pending.length, 1, 'a file the Storage API could not remove is queued');
  }
});

Deno.test('a real user deletes their account: wallet moved, an order placed, staff actions taken (no append-only refusal)', async () => {
  const admin = await createUser();
  const user = await createUser();
  await db`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin'), (${user.id}, 'admin')`;
  await db`select private.post_credits(${user.id}, 100, 'staff_grant')`;
  const other = await createUser();
  // As an admin the user grants credits (ledger row created_by them, audit row by them).
  await db.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', tests.access_token_claims(${user.id})::text, true), set_config('role', 'authenticated', true)`;
    await tx`select public.grant_credits(${other.id}, 5, 'thanks')`;
  });
  const [item] = await db`insert into public.merch_items (title, price_credits, stock) values ('Delete mug', 10, 3) returning id`;
  await db.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', tests.access_token_claims(${user.id})::text, true), set_config('role', 'authenticated', true)`;
    await tx`select public.purchase_merch(${tx.json({
      item_id: item.id, quantity: 1, idempotency_key: `del-${user.id}`,
      shipping: { name: 'Del User', phone: '+7 900 000-00-00', address: 'Main st 1', city: 'Kazan', postal_code: '420000', country: 'RU' },
    })}::json)`;
  });

  const response = await call(user.token);
  assertEquals(response.status, 200, JSON.stringify(await response.clone().json()));
  assertEquals((await response.json()).deleted, true);
  const [left] = await db`
    select (select count(*) from auth.users where id = ${user.id})::int as users,
           (select count(*) from public.credit_ledger where user_id = ${user.id} or created_by = ${user.id})::int as ledger_naming_user,
           (select count(*) from public.audit_log where actor_id = ${user.id} or target_id = ${user.id}::text)::int as audit_naming_user,
           (select stock from public.merch_items where id = ${item.id}) as stock,
           (select count(*) from public.merch_orders o join public.merch_order_items oi on oi.order_id = o.id
             where oi.item_id = ${item.id} and o.user_id is null and o.status = 'cancelled')::int as anonymised_cancelled_orders`;
  assertEquals(left, { users: 0, ledger_naming_user: 0, audit_naming_user: 0, stock: 3, anonymised_cancelled_orders: 1 });
});

Deno.test('a banned user may still delete their account (right to erasure)', async () => {
  const user = await createUser();
  await db`insert into public.user_bans (user_id, reason) values (${user.id}, 'spam')`;
  const response = await call(user.token);
  assertEquals(response.status, 200);
  await response.body?.cancel();
  assertEquals((await db`select 1 from auth.users where id = ${user.id}`).length, 0);
});

Deno.test('the token of an already deleted account gets 404 user_not_found', async () => {
  const user = await createUser();
  await (await call(user.token)).body?.cancel();
  const again = await call(user.token);
  assertEquals(again.status, 404);
  assertEquals((await again.json()).error.code, 'user_not_found');
});

Deno.test('without a token, with a forged token or with the anon key the account is not deleted', async () => {
  const user = await createUser();
  const missing = await call(null);
  assertEquals(missing.status, 401, 'verify_jwt refuses a request without Authorization');
  await missing.body?.cancel();
  const forged = await call(`${user.token.slice(0, -4)}AAAA`);
  assertEquals(forged.status, 401, 'verify_jwt refuses a bad signature');
  assertEquals(await forged.json(), { msg: 'Invalid JWT' });
  const anon = await call(stack.anonKey);
  assertEquals(anon.status, 401);
  assertEquals((await anon.json()).error.code, 'not_signed_in');
  assertEquals((await db`select 1 from auth.users where id = ${user.id}`).length, 1, 'the account still exists');
});

Deno.test('an expired token is refused before the function runs', async () => {
  const user = await createUser();
  const expired = await signIn(user.id, { expiresIn: -10 });
  const response = await call(expired);
  assertEquals(response.status, 401);
  await response.body?.cancel();
  assert((await db`select 1 from auth.users where id = ${user.id}`).length === 1);
});

Deno.test('only POST deletes: GET gets 405 method_not_allowed', async () => {
  const user = await createUser();
  const response = await call(user.token, 'GET');
  assertEquals(response.status, 405);
  assertEquals((await response.json()).error.code, 'method_not_allowed');
});

Deno.test('close connections', async () => {
  await closeStack();
});
