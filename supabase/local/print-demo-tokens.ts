// Prints an access token for each seeded demo user (emails @demo.questcity.app), minted as local
// Supabase Auth would, so the app team can call functions as them right away. Local only.
import postgres from 'postgres';
import { mintAccessToken } from './tokens.ts';

const sql = postgres(Deno.env.get('AUTH_DB_URL')!, { max: 1, onnotice: () => {} });
try {
  const users = await sql`
    select id, email from auth.users where email like '%@demo.questcity.app' order by email`;
  if (users.length > 0) console.log('Demo users (password "questcity-demo-1") and access tokens valid 1 h:');
  for (const user of users) console.log(`  ${user.email}\n    ${await mintAccessToken(sql, user.id)}`);
} finally {
  await sql.end();
}
