-- QuestCity's app talks REST, RPC, Realtime and edge functions; it does not use GraphQL.
-- Hosted projects created before 2026 have pg_graphql, which exposes every table column readable by
-- anon or authenticated through /graphql/v1 (lints 0026/0027): drop it.
drop extension if exists pg_graphql;
