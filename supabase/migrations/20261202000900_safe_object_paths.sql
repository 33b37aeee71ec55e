-- Storage paths are checked by our policies segment by segment (storage.foldername(name)[1] = the
-- owner's id, …), and paths stored in our tables (avatars, covers, attachments) point into those
-- folders. A path with `..` or `.` segments, empty segments, a leading slash, backslashes or
-- control characters could satisfy a folder check while naming another folder once normalised
-- (`<own id>/../<victim id>/x.png`). private.is_safe_object_path() is the one test for that: every
-- storage write policy and every stored-path constraint calls it.
create function private.is_safe_object_path(object_name text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select object_name is not null
     and char_length(object_name) between 1 and 1024
     and object_name !~ '^/'
     and object_name !~ '(^|/)\.{1,2}(/|$)'
     and object_name !~ '//'
     and object_name !~ '/$'
     and object_name !~ '[\\[:cntrl:]]';
$$;
comment on function private.is_safe_object_path(text) is
  'True for a storage path that means what it says: 1–1024 characters, no leading or trailing slash, no empty, "." or ".." segment, no backslash or control character.';
revoke execute on function private.is_safe_object_path(text) from public;
grant execute on function private.is_safe_object_path(text) to anon, authenticated, service_role;
