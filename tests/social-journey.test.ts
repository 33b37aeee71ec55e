// The friends, chat and notifications screens as the app uses them (docs/friends.md, docs/chat.md,
// docs/notifications.md): each documented call executed as PostgREST executes it (role and claims
// per transaction), attachments uploaded over HTTP through the Storage API with supabase-js, the
// documented shapes and codes asserted. When a doc changes, its step here changes with it.
import { afterAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { actAs, closeStack, createUser, db, type TestUser } from './helpers/stack.ts';

afterAll(closeStack);

const as = <T>(user: TestUser, work: (tx: postgres.TransactionSql) => Promise<T>) => actAs(db, user.id, work);
/** The code of a refusal (PostgREST's `message`), or 'ok'. */
const outcome = (work: Promise<unknown>) => work.then(() => 'ok', (error: Error) => error.message);

describe('social screens, as the app calls them', () => {
  it('friends: request, accept, screens, profile card', async () => {
    const [ann, ben] = [await createUser({ display_name: 'Ann' }), await createUser()];
    const [request] = await as(ann, (tx) => tx`select * from public.send_friend_request(${ben.id})`);
    expect(request).toMatchObject({ sender_id: ann.id, receiver_id: ben.id, status: 'pending' });
    expect(await outcome(as(ann, (tx) => tx`select public.send_friend_request(${ben.id})`))).toBe('request_pending');

    const [{ overview }] = await as(ben, (tx) => tx`select public.friends_overview() as overview`);
    expect(overview.incoming).toEqual([
      { request_id: request.id, created_at: expect.any(String), user: { id: ann.id, username: expect.any(String), display_name: 'Ann', avatar_path: null } },
    ]);
    const [{ card }] = await as(ben, (tx) => tx`select public.user_profile_card(${ann.id}) as card`);
    expect(card).toMatchObject({ friendship: 'request_received', request_id: request.id, direct_chat_id: null });

    await as(ben, (tx) => tx`select public.accept_friend_request(${request.id})`);
    const [{ friends }] = await as(ann, (tx) => tx`select public.friends_overview() -> 'friends' as friends`);
    expect(friends.map((f: { user: { id: string } }) => f.user.id)).toEqual([ben.id]);
    const [{ page }] = await as(ann, (tx) => tx`select public.notifications_page(null, 30) as page`);
    expect(page).toMatchObject({ unread_count: 1, next_cursor: null });
    expect(page.items[0]).toMatchObject({ kind: 'friend_accepted', read_at: null, payload: { request_id: request.id, by: ben.id } });
  });

  it('chat: open, attach over HTTP, reply, list, read, delete', async () => {
    const [ann, ben] = [await createUser(), await createUser()];
    await db`insert into public.friendships (user_low, user_high) values (least(${ann.id}::uuid, ${ben.id}::uuid), greatest(${ann.id}::uuid, ${ben.id}::uuid))`;
    const [{ chat_id: chatId }] = await as(ann, (tx) => tx`select public.open_direct_chat(${ben.id}) as chat_id`);

    // Attachments: uploaded as oneself through the Storage API, then named by one's own message.
    const annPath = `${chatId}/${crypto.randomUUID()}.jpg`;
    const upload = await ann.client.storage.from('chat-attachments')
      .upload(annPath, new Uint8Array([0xff, 0xd8, 0xff]), { contentType: 'image/jpeg' });
    expect(upload.error).toBeNull();
    const unsafe = await ben.client.storage.from('chat-attachments')
      .upload(`${chatId}/../${crypto.randomUUID()}/x.jpg`, new Uint8Array([1]), { contentType: 'image/jpeg' });
    expect(unsafe.error).not.toBeNull();
    expect(await outcome(as(ben, (tx) => tx`insert into public.messages (chat_id, attachment_path) values (${chatId}, ${annPath})`)))
      .toBe('invalid_attachment');
    const [photo] = await as(ann, (tx) => tx`insert into public.messages (chat_id, attachment_path) values (${chatId}, ${annPath}) returning id`);
    await as(ben, (tx) => tx`insert into public.messages (chat_id, body, reply_to_id) values (${chatId}, 'Nice!', ${photo.id})`);

    const [{ list }] = await as(ann, (tx) => tx`select public.chat_list(null, 30) as list`);
    expect(list.items).toEqual([expect.objectContaining({
      id: chatId, kind: 'direct', peer: expect.objectContaining({ id: ben.id }), unread_count: 1,
      last_message: expect.objectContaining({ body: 'Nice!', sender_id: ben.id }),
    })]);
    const [{ history }] = await as(ann, (tx) => tx`select public.chat_messages(${chatId}, null, 50) as history`);
    expect(history.chat).toMatchObject({ kind: 'direct', post_refusal: null });
    expect(history.items[0]).toMatchObject({ body: 'Nice!', sender: { id: ben.id }, reply_to: { id: photo.id, has_attachment: true } });

    await as(ann, (tx) => tx`update public.chat_members set last_read_at = now() where chat_id = ${chatId} and user_id = ${ann.id}`);
    const [{ unread }] = await as(ann, (tx) => tx`select public.chat_list(null, 30) -> 'items' -> 0 -> 'unread_count' as unread`);
    expect(unread).toBe(0);

    await as(ann, (tx) => tx`select public.delete_message(${photo.id})`);
    const [{ queued }] = await db`select count(*)::int as queued from private.pending_storage_deletions where bucket_id = 'chat-attachments' and name = ${annPath}`;
    expect(queued).toBe(1);
    const served = await as(ben, (tx) => tx`select 1 from storage.objects where bucket_id = 'chat-attachments' and name = ${annPath}`);
    expect(served).toHaveLength(0);

    // Unfriended: the direct chat refuses messages with the guard's code.
    await as(ben, (tx) => tx`select public.remove_friend(${ann.id})`);
    expect(await outcome(as(ann, (tx) => tx`insert into public.messages (chat_id, body) values (${chatId}, 'Hello?')`))).toBe('not_friends');
  });

  it('notifications: a page, mark one and all read', async () => {
    const user = await createUser();
    for (const status of ['paid', 'shipped', 'delivered']) {
      await db`select private.notify(${user.id}, 'order_updated', ${db.json({ order_id: crypto.randomUUID(), status })})`;
    }
    const [{ page }] = await as(user, (tx) => tx`select public.notifications_page(null, 2) as page`);
    expect(page.items).toHaveLength(2);
    expect(page.unread_count).toBe(3);
    const [{ rest }] = await as(user, (tx) => tx`select public.notifications_page(${page.next_cursor}, 2) as rest`);
    expect(rest).toMatchObject({ next_cursor: null, items: [expect.objectContaining({ kind: 'order_updated' })] });

    await as(user, (tx) => tx`update public.notifications set read_at = '2001-01-01' where id = ${page.items[0].id}`);
    const [{ read_at: readAt }] = await db`select read_at from public.notifications where id = ${page.items[0].id}`;
    expect(readAt.getFullYear()).toBeGreaterThan(2001);
    await as(user, (tx) => tx`update public.notifications set read_at = now() where read_at is null`);
    const [{ count }] = await as(user, (tx) => tx`select public.notifications_page(null, 1) -> 'unread_count' as count`);
    expect(count).toBe(0);
  });
});
