// Node 20 has no global WebSocket, which supabase-js's Realtime client needs when a client is
// created; Node 22+ and Deno have one. Provide the `ws` implementation where it is missing.
import { WebSocket } from 'ws';

globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
