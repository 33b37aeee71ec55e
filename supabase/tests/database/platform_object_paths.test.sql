-- private.is_safe_object_path: the one check storage policies and stored-path constraints use
-- against path tricks (`<own id>/../<victim id>/…`).
begin;
select plan(3);

select is(
  array(select p from unnest(array['u/a.png', 'u/points/b c.jpg', 'a', 'u/é.png', 'u/.hidden', 'u/a..b.png']) p
        where not private.is_safe_object_path(p)),
  '{}', 'ordinary paths are safe (dots inside names are fine)');
select is(
  array(select p from unnest(array['u/../v/a.png', '../a.png', 'u/..', 'u/./a.png', './a', '/u/a.png', 'u//a.png', 'u/', '',
                                   E'u\\..\\v.png', E'u/a\npng', repeat('a', 1025)]) p
        where private.is_safe_object_path(p)),
  '{}', 'paths with .. or . segments, empty segments, leading or trailing slashes, backslashes, control characters or over 1024 characters are not');
select ok(not coalesce(private.is_safe_object_path(null), false), 'a null path is not safe');

select * from finish();
rollback;
