-- Demo data for local work (`npm run dev`, `supabase start`, `npm run db:reset`): never pushed.
-- Runs as `postgres` after the migrations. Demo users sign in with their e-mail and the password
-- `questcity-demo-1`; `npm run dev` prints an access token for each of them.
-- Each section belongs to one capability; keep them in this order.

-- == accounts: demo users per role ==========================================================

-- == quests: reference lists, places, quests, points, reviews ===============================

-- == play: runs, credits, unlock requests ===================================================

-- == friends and chat =======================================================================

-- == merch ==================================================================================
